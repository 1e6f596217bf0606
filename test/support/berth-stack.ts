import type { Database } from "../../lib/database/client";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { startJobWorker, type JobWorker } from "../../lib/jobs/worker";
import { seedFirstRun } from "../../lib/seed/seed-first-run";
import { loadSettings, type BerthSettings } from "../../lib/settings";
import { bridgeAddresses, startTestAgent, type TestAgent, type TestNetwork } from "./agent";
import { createTestDatabase } from "./database";
import { startRedis, type TestRedis } from "./redis";

export interface BerthTestStack {
  database: Database;
  queue: JobQueue;
  host: TestAgent;
  settings: BerthSettings;
  customerId: string;
  adminId: string;
  stop(): Promise<void>;
}

/**
 * The first run's seed for a test agent: its host and IP pools, two plans, the busybox template,
 * `admin@<domain>` and `customer@<domain>` (passwords "admin-password", "customer-password").
 */
export async function seedTestFirstRun(options: {
  database: Database;
  encryptionKey: string;
  agent: TestAgent;
  network: TestNetwork;
  domain?: string;
  host?: { name: string; vcpuCapacity: number; memoryMbCapacity: number; diskMbCapacity: number };
}): Promise<void> {
  const domain = options.domain ?? "example.test";
  await seedFirstRun({
    database: options.database,
    encryptionKey: options.encryptionKey,
    agentUrl: options.agent.server.url,
    agentSecret: options.agent.secret,
    bridgeIpv4: bridgeAddresses(options.network).ipv4,
    bridgeIpv6: bridgeAddresses(options.network).ipv6,
    adminEmail: `admin@${domain}`,
    adminPassword: "admin-password",
    demoEmail: `customer@${domain}`,
    demoPassword: "customer-password",
    host: options.host ?? { name: "test-host", vcpuCapacity: 64, memoryMbCapacity: 65536, diskMbCapacity: 65536 },
  });
}

/**
 * Everything Berth runs, for real, in one test process: a migrated SQLite database, a private
 * Redis, an agent on an isolated btrfs pool and bridge, and the job worker.
 */
export async function startBerthStack(network: TestNetwork): Promise<BerthTestStack> {
  const host = await startTestAgent(network);
  const redis: TestRedis = await startRedis();
  const testDatabase = createTestDatabase();
  const { database } = testDatabase;
  const settings: BerthSettings = loadSettings({
    BERTH_DATA_DIR: host.config.dataDir,
    BERTH_DATABASE_URL: testDatabase.url,
    BERTH_REDIS_URL: redis.url,
    BERTH_ENCRYPTION_KEY: "integration-test-key",
  });
  await seedTestFirstRun({ database, encryptionKey: settings.encryptionKey, agent: host, network });
  const customer = await database.user.findUniqueOrThrow({ where: { email: "customer@example.test" } });
  const admin = await database.user.findUniqueOrThrow({ where: { email: "admin@example.test" } });
  const worker: JobWorker = startJobWorker({ database, settings, concurrency: 2 });
  const queue = createJobQueue(redis.url);
  return {
    database,
    queue,
    host,
    settings,
    customerId: customer.id,
    adminId: admin.id,
    async stop() {
      await worker.close();
      await queue.close();
      await redis.stop();
      await testDatabase.remove();
      await host.teardown();
    },
  };
}

/** Waits for a Job row to finish and returns it. */
export async function waitForJob(database: Database, jobId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await database.job.findUniqueOrThrow({ where: { id: jobId } });
    if (job.state === "completed" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.state} (step: ${job.step}, error: ${job.error})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
