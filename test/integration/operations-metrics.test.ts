import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import type { Database } from "../../lib/database/client";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { failedDependencies } from "../../lib/operations/check-readiness";
import { renderPanelMetrics } from "../../lib/operations/panel-metrics";
import { recordProvisioningSeconds } from "../../lib/operations/provisioning-latency";
import { GET as readiness } from "../../app/api/health/ready/route";
import { GET as metricsRoute } from "../../app/metrics/route";
import { createTestDatabase } from "../support/database";
import { startRedis, type TestRedis } from "../support/redis";
import { createAdmin, seedSmallPlanAndBusybox } from "../support/tenancy";

/*
 * The panel's /metrics text against a seeded database and a real queue, and its readiness check
 * against a real Redis that is then stopped.
 */

let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let testRedis: TestRedis;
let redis: Redis;
let queue: JobQueue;
const dataDirectory = mkdtempSync(path.join(os.tmpdir(), "berth-operations-"));

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  testRedis = await startRedis();
  redis = new Redis(testRedis.url, { maxRetriesPerRequest: 1, connectTimeout: 1000 });
  redis.on("error", () => undefined); // the readiness test stops Redis under it
  queue = createJobQueue(testRedis.url);
  // What the panel's routes read through panelServices() and operationsSettings().
  Object.assign(process.env, { BERTH_DATA_DIR: dataDirectory, BERTH_DATABASE_URL: testDatabase.url, BERTH_REDIS_URL: testRedis.url, BERTH_ENCRYPTION_KEY: "operations-test-key" });
});

after(async () => {
  rmSync(dataDirectory, { recursive: true, force: true });
  panelConnections.berthOperationsRedis?.disconnect();
  await panelConnections.berthDatabase?.$disconnect();
  await testDatabase.remove();
  redis.disconnect();
  // Last: with Redis stopped, BullMQ's close may never settle (the process ends meanwhile).
  await queue.close();
  await testRedis.stop().catch(() => undefined);
});

// The connections the panel's routes keep per process (on globalThis), closed when this file ends.
const panelConnections = globalThis as unknown as { berthJobQueue?: JobQueue; berthOperationsRedis?: Redis; berthDatabase?: Database };

/** `name{labels} value` lines of the exposition text, keyed by everything before the value. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const separator = line.lastIndexOf(" ");
    values.set(line.slice(0, separator), Number(line.slice(separator + 1)));
  }
  return values;
}

async function seedHost(name: string, fields: { health?: string; active?: boolean; draining?: boolean; maintenanceNotice?: string }) {
  return database.host.create({
    data: { name, agentUrl: "http://127.0.0.1:1", agentSecretEncrypted: "unused", vcpuCapacity: 4, memoryMbCapacity: 4096, diskMbCapacity: 10240, ...fields },
  });
}

test("the panel's metrics count jobs, queue depth, provisioning times, hosts and servers as the data says", async () => {
  const admin = await createAdmin(database, "admin@metrics.test");
  await seedSmallPlanAndBusybox(database, { slug: "small", name: "Small" });
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });

  const up = await seedHost("up-active", {});
  await seedHost("up-draining", { draining: true });
  await seedHost("down-active", { health: "down" });
  await seedHost("maintained", { maintenanceNotice: "new disks", draining: true });
  await seedHost("not-joined", { active: false });

  const statuses = ["running", "running", "running", "stopped", "failed"];
  for (const [index, status] of statuses.entries()) {
    await database.server.create({
      data: { hostname: `vps-${index}`, ownerId: admin.userId, planId: plan.id, templateId: template.id, hostId: up.id, containerName: `metrics-${index}`, status },
    });
  }

  const jobs = [
    ["provisionServer", "completed"],
    ["provisionServer", "completed"],
    ["provisionServer", "failed"],
    ["serverAction", "queued"],
    ["applyFirewall", "running"],
  ] as const;
  const rows = [];
  for (const [type, state] of jobs) rows.push(await database.job.create({ data: { type, state } }));
  // Two jobs queued and not taken (no worker runs here).
  for (const row of rows.slice(3)) await queue.enqueue("applyFirewall", { serverId: "s1" }, row.id);

  await recordProvisioningSeconds(redis, 3.5);
  await recordProvisioningSeconds(redis, 45);

  const { contentType, text } = await renderPanelMetrics({ database, queue, redis });
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  const values = samples(text);
  const expect = (series: string, value: number) => assert.equal(values.get(series), value, series);

  expect('berth_jobs{kind="provisionServer",state="completed"}', 2);
  expect('berth_jobs{kind="provisionServer",state="failed"}', 1);
  expect('berth_jobs{kind="serverAction",state="queued"}', 1);
  expect('berth_jobs{kind="applyFirewall",state="running"}', 1);
  expect('berth_jobs{kind="buildImage",state="failed"}', 0);

  expect('berth_queue_depth{state="waiting"}', 2);
  expect('berth_queue_depth{state="active"}', 0);
  expect('berth_queue_depth{state="delayed"}', 0);
  expect('berth_queue_depth{state="failed"}', 0);

  expect('berth_provisioning_seconds_bucket{le="2"}', 0);
  expect('berth_provisioning_seconds_bucket{le="5"}', 1);
  expect('berth_provisioning_seconds_bucket{le="30"}', 1);
  expect('berth_provisioning_seconds_bucket{le="60"}', 2);
  expect('berth_provisioning_seconds_bucket{le="+Inf"}', 2);
  expect("berth_provisioning_seconds_count", 2);
  expect("berth_provisioning_seconds_sum", 48.5);
  assert.match(text, /# TYPE berth_provisioning_seconds histogram/);

  expect('berth_hosts{health="up",state="active"}', 1);
  expect('berth_hosts{health="up",state="draining"}', 1);
  expect('berth_hosts{health="down",state="active"}', 1);
  expect('berth_hosts{health="up",state="maintenance"}', 1);
  expect('berth_hosts{health="up",state="inactive"}', 1);
  expect('berth_hosts{health="down",state="draining"}', 0);

  expect('berth_servers{status="running"}', 3);
  expect('berth_servers{status="stopped"}', 1);
  expect('berth_servers{status="failed"}', 1);
  expect('berth_servers{status="suspended"}', 0);

  assert.ok((values.get("berth_panel_process_resident_memory_bytes") ?? 0) > 0, "process metrics are there");
  // A second scrape registers nothing twice and reads the data again.
  await database.server.updateMany({ where: { status: "stopped" }, data: { status: "running" } });
  const again = samples((await renderPanelMetrics({ database, queue, redis })).text);
  assert.equal(again.get('berth_servers{status="running"}'), 4);
  assert.equal(again.get('berth_servers{status="stopped"}'), 0);
});

test("GET /metrics is 404 without BERTH_METRICS_TOKEN, 401 without the token and the text with it", async () => {
  const scrape = (authorization?: string) => metricsRoute(new Request("http://panel.test/metrics", { headers: authorization ? { Authorization: authorization } : {} }));
  delete process.env.BERTH_METRICS_TOKEN;
  assert.equal((await scrape("Bearer anything")).status, 404);
  process.env.BERTH_METRICS_TOKEN = "panel-metrics-token";
  const refused = await scrape("Bearer wrong");
  assert.equal(refused.status, 401);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "unauthenticated");
  const scraped = await scrape("Bearer panel-metrics-token");
  assert.equal(scraped.status, 200);
  assert.match(await scraped.text(), /^berth_servers\{status="running"\} 4$/m);
  await panelConnections.berthJobQueue?.close(); // while Redis still answers
});

test("readiness names Redis once it stops answering, and the database while it answers stays ready", async () => {
  assert.deepEqual(await failedDependencies({ database, redis }), []);
  const ready = await readiness();
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: "ok" });
  await testRedis.stop();
  const started = Date.now();
  assert.deepEqual(await failedDependencies({ database, redis, timeoutMs: 500 }), ["redis"]);
  assert.ok(Date.now() - started < 2000, "the check is bounded by its timeout");
  const notReady = await readiness();
  assert.equal(notReady.status, 503);
  const body = (await notReady.json()) as { error: { code: string; message: string; details: { failed: string[] } } };
  assert.equal(body.error.code, "not_ready");
  assert.deepEqual(body.error.details.failed, ["redis"]);
  assert.doesNotMatch(body.error.message, /127\.0\.0\.1|ECONNREFUSED/, "names the dependency, not its address or error");
});
