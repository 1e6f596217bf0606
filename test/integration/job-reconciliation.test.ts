import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Actor } from "../../lib/access/actor";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import type { Database } from "../../lib/database/client";
import { endJob } from "../../lib/job-admin/end-job";
import { markJobRunning } from "../../lib/jobs/job-record";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { reconcileGraceMs, reconcileJobs } from "../../lib/jobs/reconcile-jobs";
import { queueName } from "../../lib/jobs/registry";
import { loadSettings } from "../../lib/settings";
import { isAppError } from "../support/app-error";
import { createTestDatabase } from "../support/database";
import { startRedis, type TestRedis } from "../support/redis";
import { createAdmin, createCustomerActor, createResellerActor, roomyQuota, seedSmallPlanAndBusybox } from "../support/tenancy";

/*
 * Job rows that no worker will finish, against a real Redis (BullMQ) and database: a job BullMQ
 * failed after stalling, or lost, is settled by the worker's reconciliation pass and its server
 * is free again; an admin can end a stuck job (audited), nobody else can.
 */

let redis: TestRedis;
let queue: JobQueue;
let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let admin: Actor;
let reseller: Actor;
let customer: Actor;
let connection: Redis;
const settings = loadSettings({ BERTH_DATA_DIR: "/nonexistent", BERTH_ENCRYPTION_KEY: "reconcile-test-key" });
// The pass skips rows changed within its grace period; the tests look a little ahead instead of waiting.
const later = () => new Date(Date.now() + reconcileGraceMs + 1_000);

before(async () => {
  redis = await startRedis();
  queue = createJobQueue(redis.url);
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  await seedSmallPlanAndBusybox(database, { slug: "small", name: "Small" });
  admin = await createAdmin(database, "admin@reconcile.test");
  reseller = await createResellerActor(database, admin, "reseller@reconcile.test", roomyQuota, ["small"]);
  customer = await createCustomerActor(database, reseller, "customer@reconcile.test");
});

after(async () => {
  await queue?.close();
  connection?.disconnect();
  await redis?.stop();
  await testDatabase?.remove();
});

let serial = 0;
async function runningServer() {
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
  const name = `reconcile-${++serial}`;
  return database.server.create({ data: { hostname: name, containerName: name, ownerId: customer.userId, planId: plan.id, templateId: template.id, status: "running" } });
}

/** A customer's stop request: a Job row queued in BullMQ that claims the server. */
async function claimedServer() {
  const server = await runningServer();
  const job = await requestServerAction({ database, queue, actor: customer, serverId: server.id, input: { type: "stop" } });
  assert.equal((await database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId, job.id, "the job claims its server");
  return { server, job };
}

/** Takes the next BullMQ job as a worker would, under the given lock token (no processor runs). */
async function takeNextJob(token: string) {
  const worker = new Worker(queueName, null, { connection, autorun: false });
  const taken = await worker.getNextJob(token);
  assert.ok(taken, "BullMQ hands out the queued job");
  return { taken, worker };
}

async function assertServerFree(serverId: string) {
  const server = await database.server.findUniqueOrThrow({ where: { id: serverId } });
  assert.equal(server.activeJobId, null, "the server's claim is released");
  // And the server takes actions again: no server_busy.
  const next = await requestServerAction({ database, queue, actor: customer, serverId, input: { type: "reboot" } });
  assert.equal(next.state, "queued");
}

test("a running job that BullMQ failed after stalling is settled by the reconciliation pass and frees its server", async () => {
  const { server, job } = await claimedServer();
  // A worker takes the job and dies without a word (its lock lapses), more often than BullMQ's
  // maxStalledCount allows: BullMQ's stalled-job check then fails it without any processor
  // running, so no worker settles the row.
  const worker = new Worker(queueName, null, { connection, autorun: false, stalledInterval: 100 });
  for (let round = 0; (await queue.inspect(job.id)).state !== "failed"; round++) {
    assert.ok(round < 5, "BullMQ fails a job that keeps stalling");
    const taken = await worker.getNextJob(`dying-worker-${round}`);
    if (taken) {
      assert.equal(taken.id, job.id);
      await markJobRunning(database, job.id, round + 1);
      await connection.del(`bull:${queueName}:${job.id}:lock`);
    }
    await worker.startStalledCheckTimer();
    for (let waited = 0; waited < 2000 && (await queue.inspect(job.id)).state === "active"; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await worker.close(true);
  assert.equal((await database.job.findUniqueOrThrow({ where: { id: job.id } })).state, "running", "nothing settled the row");

  // Within the grace period the pass leaves it alone.
  assert.deepEqual((await reconcileJobs({ database, settings, queue })).settled, []);

  const result = await reconcileJobs({ database, settings, queue, now: later() });
  assert.deepEqual(result.settled, [job.id]);
  const settled = await database.job.findUniqueOrThrow({ where: { id: job.id } });
  assert.equal(settled.state, "failed");
  assert.match(settled.error ?? "", /stalled more than allowable limit/);
  assert.match(settled.publicError ?? "", new RegExp(`reference ${job.id}`), "customers get a reference, not the queue's internals");
  assert.ok(settled.finishedAt);
  assert.match((await database.server.findUniqueOrThrow({ where: { id: server.id } })).statusMessage ?? "", /failed/);
  assert.ok(await database.auditEvent.findFirst({ where: { action: "server.stop.done", targetId: server.id, result: "failure" } }));
  await assertServerFree(server.id);

  // A second pass changes nothing.
  assert.ok(!(await reconcileJobs({ database, settings, queue, now: later() })).settled.includes(job.id));
});

test("a running job BullMQ no longer holds is settled; a queued one BullMQ never got is queued again", async () => {
  const lost = await claimedServer();
  await markJobRunning(database, lost.job.id, 1);
  assert.equal(await queue.remove(lost.job.id), "removed");

  const neverQueued = await claimedServer();
  assert.equal(await queue.remove(neverQueued.job.id), "removed");
  assert.equal((await queue.inspect(neverQueued.job.id)).state, "missing");

  const result = await reconcileJobs({ database, settings, queue, now: later() });
  assert.ok(result.settled.includes(lost.job.id));
  assert.ok(result.requeued.includes(neverQueued.job.id));
  const settled = await database.job.findUniqueOrThrow({ where: { id: lost.job.id } });
  assert.equal(settled.state, "failed");
  assert.match(settled.error ?? "", /no longer in the queue/);
  await assertServerFree(lost.server.id);

  assert.equal((await queue.inspect(neverQueued.job.id)).state, "waiting", "the queued row is in BullMQ again");
  assert.equal((await database.job.findUniqueOrThrow({ where: { id: neverQueued.job.id } })).state, "queued");
  assert.equal((await database.server.findUniqueOrThrow({ where: { id: neverQueued.server.id } })).activeJobId, neverQueued.job.id, "it still holds its server");
});

test("an admin ends a stuck job, audited as job.end; nobody else may; a job a live worker runs is refused", async () => {
  // Drain what earlier tests left waiting, so the next job taken is this test's.
  await new Queue(queueName, { connection }).drain();
  const { server, job } = await claimedServer();

  for (const outsider of [customer, reseller]) {
    await assert.rejects(endJob({ database, queue, settings, actor: outsider, jobId: job.id }), isAppError(404, "not_found"));
  }
  assert.equal((await database.job.findUniqueOrThrow({ where: { id: job.id } })).state, "queued", "the refusals changed nothing");
  assert.equal(await database.auditEvent.count({ where: { action: "job.end" } }), 0);

  // While a live worker holds the job's lock it is running, not stuck.
  const { taken, worker } = await takeNextJob("live-worker");
  assert.equal(taken.id, job.id);
  await assert.rejects(endJob({ database, queue, settings, actor: admin, jobId: job.id }), isAppError(409, "job_running"));
  // The worker dies without a word: its lock lapses and the job is stuck.
  await connection.del(`bull:${queueName}:${job.id}:lock`);
  await worker.close();

  const ended = await endJob({ database, queue, settings, actor: admin, jobId: job.id });
  assert.equal(ended.state, "failed");
  assert.equal(ended.error, "ended by an admin");
  assert.equal(ended.publicError, "Ended by an administrator");
  assert.equal((await queue.inspect(job.id)).state, "missing", "BullMQ no longer holds it, so no worker picks it up later");
  const audit = await database.auditEvent.findFirst({ where: { action: "job.end", targetId: job.id } });
  assert.equal(audit?.actorId, admin.userId);
  assert.equal(audit?.tenantId, customer.userId);
  assert.equal(audit?.resellerId, reseller.userId);
  await assertServerFree(server.id);

  await assert.rejects(endJob({ database, queue, settings, actor: admin, jobId: job.id }), isAppError(409, "job_not_active"));
  await assert.rejects(endJob({ database, queue, settings, actor: admin, jobId: "no-such-job" }), isAppError(404, "not_found"));
});
