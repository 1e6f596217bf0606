import { testMailContext } from "./mail-context";
import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import type { JobContext } from "../../lib/jobs/define-job";
import { loadSettings } from "../../lib/settings";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { createReseller } from "../../lib/resellers/create-reseller";
import type { TResellerQuotaInput } from "../../lib/resellers/reseller-fields";
import { createCustomer } from "../../lib/customers/create-customer";
import { createUser } from "../../lib/users/create-user";
import { createTestDatabase } from "./database";
import { startRedis } from "./redis";

export const basePlan = { swapMb: 64, processes: 100, ioReadMbps: 10, ioWriteMbps: 10, networkMbps: 10, monthlyPriceCents: 100 };

/** A fresh database and a job queue on its own Redis, as tenancy tests order through; stop() removes both. */
export async function startTenancyStack(): Promise<{ database: Database; queue: JobQueue; redisUrl: string; stop(): Promise<void> }> {
  const testDatabase = createTestDatabase();
  const redis = await startRedis().catch(async (error: unknown) => {
    await testDatabase.remove();
    throw error;
  });
  const queue = createJobQueue(redis.url);
  return {
    database: testDatabase.database,
    queue,
    redisUrl: redis.url,
    async stop() {
      await queue.close();
      await redis.stop();
      await testDatabase.remove();
    },
  };
}

/** A reseller quota no test runs into. */
export const roomyQuota = { maxServers: 10, maxVcpus: 10, maxMemoryMb: 10_000, maxDiskMb: 10_000, maxIpv4: 10 };

/** A small plan under the given slug and the busybox template: enough to place orders. */
export async function seedSmallPlanAndBusybox(database: Database, plan: { slug: string; name: string }): Promise<void> {
  await database.plan.create({ data: { ...basePlan, ...plan, vcpus: 1, memoryMb: 256, diskMb: 1024 } });
  await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
}

/** An admin created the way the CLI does (no actor), as the Actor domain functions take. */
export async function createAdmin(database: Database, email = "admin@tenancy.test"): Promise<Actor> {
  const { user } = await createUser({ database, input: { email, name: "Admin", role: "admin", password: "admin-password" } });
  return { userId: user.id, role: "admin", via: "session" };
}

export async function createResellerActor(database: Database, admin: Actor, email: string, quota: TResellerQuotaInput, plans: string[]): Promise<Actor> {
  const { reseller } = await createReseller({ database, actor: admin, input: { email, name: email, password: "reseller-password", quota, plans } });
  return { userId: reseller.id, role: "reseller", via: "session" };
}

export async function createCustomerActor(database: Database, reseller: Actor, email: string): Promise<Actor> {
  const { customer } = await createCustomer({ mailContext: testMailContext, database, actor: reseller, input: { email, name: email, password: "customer-password" } });
  return { userId: customer.id, role: "customer", via: "session" };
}

/** An admin and two resellers: A with customers A1 and A2, B with B1, each as the Actor domain functions take. */
export interface TwoResellers {
  admin: Actor;
  resellerA: Actor;
  resellerB: Actor;
  customerA1: Actor;
  customerA2: Actor;
  customerB1: Actor;
}

/**
 * Seeds TwoResellers, both resellers offering `plan`, for tests of who sees whose things; their
 * addresses are admin@, reseller-a@, reseller-b@, a1@, a2@ and b1@ the given domain.
 */
export async function seedTwoResellers(database: Database, plan: string, domain: string): Promise<TwoResellers> {
  const admin = await createAdmin(database, `admin@${domain}`);
  const resellerA = await createResellerActor(database, admin, `reseller-a@${domain}`, roomyQuota, [plan]);
  const resellerB = await createResellerActor(database, admin, `reseller-b@${domain}`, roomyQuota, [plan]);
  const customerA1 = await createCustomerActor(database, resellerA, `a1@${domain}`);
  const customerA2 = await createCustomerActor(database, resellerA, `a2@${domain}`);
  const customerB1 = await createCustomerActor(database, resellerB, `b1@${domain}`);
  return { admin, resellerA, resellerB, customerA1, customerA2, customerB1 };
}

/** What the worker hands a job handler, for calling handlers directly without a worker. */
export function jobContextFor(database: Database, jobRecordId: string): JobContext {
  return {
    database,
    settings: loadSettings({ BERTH_DATA_DIR: "/nonexistent", BERTH_DATABASE_URL: "file:/nonexistent", BERTH_ENCRYPTION_KEY: "test-key" }),
    jobRecordId,
    async reportProgress() {},
    async noteAgentOperation() {},
    async runStep(_step, _progress, work) {
      return work();
    },
  };
}
