import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import type { Database } from "../../lib/database/client";
import { AppError } from "../../lib/errors";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { createOrder } from "../../lib/orders/create-order";
import { setResellerQuota } from "../../lib/resellers/set-reseller-quota";
import { failProvisioning } from "../../lib/servers/provision-server";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { recordServerActionFailure, runServerAction } from "../../lib/action-catalogue/run-server-action";
import { ZServerActionPayload } from "../../lib/action-catalogue/catalogue";
import { createUser } from "../../lib/users/create-user";
import { createTestDatabase } from "../support/database";
import { startRedis, type TestRedis } from "../support/redis";
import { basePlan, createAdmin, createCustomerActor, createResellerActor, jobContextFor } from "../support/tenancy";

// Quotas are enforced by the database alone, so these run on real SQLite and Redis without
// containers or a worker: jobs are queued and never run, and handlers are called directly.
let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let redis: TestRedis;
let queue: JobQueue;
let admin: Actor;

const smallPlan = { ...basePlan, slug: "q-small", name: "Q small", vcpus: 1, memoryMb: 256, diskMb: 1024 };
const bigPlan = { ...basePlan, slug: "q-big", name: "Q big", vcpus: 2, memoryMb: 512, diskMb: 2048 };
const unofferedPlan = { ...basePlan, slug: "q-unoffered", name: "Q unoffered", vcpus: 1, memoryMb: 128, diskMb: 512 };
const roomy = { maxServers: 100, maxVcpus: 100, maxMemoryMb: 100_000, maxDiskMb: 100_000, maxIpv4: 100 };

let hostnameCounter = 0;
function order(customer: Actor, plan: string) {
  hostnameCounter += 1;
  return createOrder({ database, queue, customerId: customer.userId, input: { plan, template: "busybox", hostname: `q-${hostnameCounter}` } });
}

function quotaOf(reseller: Actor) {
  return database.resellerQuota.findUniqueOrThrow({ where: { resellerId: reseller.userId } });
}

function isAppError(status: number, code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

async function customersOf(reseller: Actor, prefix: string, count: number) {
  const customers: Actor[] = [];
  for (let index = 0; index < count; index += 1) customers.push(await createCustomerActor(database, reseller, `${prefix}-${index}@tenancy.test`));
  return customers;
}

/** Rows that orders write, for checking that refused orders wrote nothing. */
async function orderRowsOf(reseller: Actor) {
  const owners = { OR: [{ id: reseller.userId }, { resellerId: reseller.userId }] };
  return {
    orders: await database.order.count({ where: { customer: owners } }),
    servers: await database.server.count({ where: { owner: owners } }),
    jobs: await database.job.count({ where: { order: { customer: owners } } }),
  };
}

async function runningServerOf(customer: Actor, plan: string) {
  const { server } = await order(customer, plan);
  // Pretend provisioning finished; the quota does not depend on the container.
  return database.server.update({ where: { id: server.id }, data: { status: "running" } });
}

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  redis = await startRedis();
  queue = createJobQueue(redis.url);
  for (const plan of [smallPlan, bigPlan, unofferedPlan]) await database.plan.create({ data: plan });
  await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  admin = await createAdmin(database);
});

after(async () => {
  await queue?.close();
  await redis?.stop();
  await testDatabase?.remove();
});

describe("reseller quotas", () => {
  test("12 concurrent orders against a 3-server quota: exactly 3 succeed, the rest get 409", async () => {
    const reseller = await createResellerActor(database, admin, "servers-bound@tenancy.test", { ...roomy, maxServers: 3 }, ["q-small", "q-big"]);
    const customers = await customersOf(reseller, "servers-bound", 4);
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, index) => order(customers[index % 4]!, "q-small")));

    const succeeded = results.filter((result) => result.status === "fulfilled");
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    assert.equal(succeeded.length, 3);
    assert.equal(refused.length, 9);
    for (const { reason } of refused) isAppError(409, "quota_exceeded", /allows 0 more servers; this plan needs 1/)(reason);

    const quota = await quotaOf(reseller);
    assert.deepEqual(
      [quota.usedServers, quota.usedVcpus, quota.usedMemoryMb, quota.usedDiskMb, quota.usedIpv4],
      [3, 3 * smallPlan.vcpus, 3 * smallPlan.memoryMb, 3 * smallPlan.diskMb, 3],
    );
    assert.deepEqual(await orderRowsOf(reseller), { orders: 3, servers: 3, jobs: 3 });
  });

  test("vCPUs as the binding limit: 12 concurrent 2-vCPU orders against 5 vCPUs, exactly 2 succeed", async () => {
    const reseller = await createResellerActor(database, admin, "vcpu-bound@tenancy.test", { ...roomy, maxVcpus: 5 }, ["q-big"]);
    const customers = await customersOf(reseller, "vcpu-bound", 3);
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, index) => order(customers[index % 3]!, "q-big")));

    assert.equal(results.filter((result) => result.status === "fulfilled").length, 2);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    assert.equal(refused.length, 10);
    for (const { reason } of refused) isAppError(409, "quota_exceeded", /allows 1 more vCPU; this plan needs 2/)(reason);
    assert.deepEqual((refused[0]!.reason as AppError).details, { limit: "vcpus", remaining: 1, requested: 2 });

    const quota = await quotaOf(reseller);
    assert.deepEqual(
      [quota.usedServers, quota.usedVcpus, quota.usedMemoryMb, quota.usedDiskMb, quota.usedIpv4],
      [2, 4, 2 * bigPlan.memoryMb, 2 * bigPlan.diskMb, 2],
    );
    assert.deepEqual(await orderRowsOf(reseller), { orders: 2, servers: 2, jobs: 2 });
  });

  test("plans the reseller does not offer are refused with 422 and write nothing, for its customers and itself", async () => {
    const reseller = await createResellerActor(database, admin, "unoffered@tenancy.test", roomy, ["q-small"]);
    const [customer] = await customersOf(reseller, "unoffered", 1);
    await assert.rejects(order(customer!, "q-unoffered"), isAppError(422, "unknown_plan", /no active plan is called "q-unoffered"/));
    await assert.rejects(order(reseller, "q-big"), isAppError(422, "unknown_plan"));
    assert.deepEqual(await orderRowsOf(reseller), { orders: 0, servers: 0, jobs: 0 });
    assert.equal((await quotaOf(reseller)).usedServers, 0);

    // The reseller's own servers count against its quota too.
    await order(reseller, "q-small");
    assert.equal((await quotaOf(reseller)).usedServers, 1);
  });

  test("a reseller without a quota has no room; the admin's own customers have no quota", async () => {
    const { user } = await createUser({ database, actor: admin, input: { email: "no-quota@tenancy.test", name: "No quota", role: "reseller", password: "reseller-password" } });
    const reseller: Actor = { userId: user.id, role: "reseller", via: "session" };
    await database.resellerPlan.create({ data: { resellerId: user.id, planId: (await database.plan.findUniqueOrThrow({ where: { slug: "q-small" } })).id } });
    const [customer] = await customersOf(reseller, "no-quota", 1);
    await assert.rejects(order(customer!, "q-small"), isAppError(409, "quota_exceeded", /no quota set/));
    assert.deepEqual(await orderRowsOf(reseller), { orders: 0, servers: 0, jobs: 0 });

    const direct = await createCustomerActor(database, admin, "direct@tenancy.test");
    await order(direct, "q-unoffered");
  });

  test("failed provisioning gives the server's share back, once", async () => {
    const reseller = await createResellerActor(database, admin, "fails@tenancy.test", { ...roomy, maxServers: 1 }, ["q-big"]);
    const [customer] = await customersOf(reseller, "fails", 1);
    const { order: placed, job } = await order(customer!, "q-big");
    await assert.rejects(order(customer!, "q-big"), isAppError(409, "quota_exceeded"));

    await failProvisioning({ orderId: placed.id }, jobContextFor(database, job.id), "no host could take it");
    const released = await quotaOf(reseller);
    assert.deepEqual([released.usedServers, released.usedVcpus, released.usedMemoryMb, released.usedDiskMb, released.usedIpv4], [0, 0, 0, 0, 0]);
    assert.equal((await database.server.findUniqueOrThrow({ where: { orderId: placed.id } })).status, "failed");

    // A second final-failure call (a duplicate job) must not release again: the next order still counts.
    await order(customer!, "q-big");
    await failProvisioning({ orderId: placed.id }, jobContextFor(database, job.id), "no host could take it");
    assert.equal((await quotaOf(reseller)).usedServers, 1);
    assert.equal((await quotaOf(reseller)).usedVcpus, 2);
  });

  test("a resize reserves its growth when accepted and gives it back if it fails for good", async () => {
    const reseller = await createResellerActor(database, admin, "resize@tenancy.test", roomy, ["q-small", "q-big"]);
    const [customer] = await customersOf(reseller, "resize", 1);
    const server = await runningServerOf(customer!, "q-small");
    const before = await quotaOf(reseller);

    const job = await requestServerAction({ database, queue, actor: customer!, serverId: server.id, input: { type: "resize", plan: "q-big" } });
    const grown = await quotaOf(reseller);
    assert.equal(grown.usedServers, before.usedServers);
    assert.equal(grown.usedVcpus, before.usedVcpus + 1);
    assert.equal(grown.usedMemoryMb, before.usedMemoryMb + 256);
    assert.equal(grown.usedDiskMb, before.usedDiskMb + 1024);
    assert.equal(grown.usedIpv4, before.usedIpv4);

    const payload = ZServerActionPayload.parse(JSON.parse(job.payload));
    await recordServerActionFailure(payload, jobContextFor(database, job.id), "agent unreachable");
    assert.deepEqual(await quotaOf(reseller), before);
    const failed = await database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(failed.activeJobId, null);
    assert.equal(failed.planId, server.planId);
    assert.match(failed.statusMessage ?? "", /^Plan change failed: agent unreachable/);

    // Called again (a duplicate), it releases nothing more.
    await recordServerActionFailure(payload, jobContextFor(database, job.id), "agent unreachable");
    assert.deepEqual(await quotaOf(reseller), before);
  });

  test("a resize beyond the quota is refused with 409 and queues nothing; limits cannot go below use", async () => {
    const reseller = await createResellerActor(database, admin, "resize-full@tenancy.test", roomy, ["q-small", "q-big"]);
    const [customer] = await customersOf(reseller, "resize-full", 1);
    const server = await runningServerOf(customer!, "q-small");
    await setResellerQuota({ database, actor: admin, resellerId: reseller.userId, input: { ...roomy, maxVcpus: 1.5 } });

    const jobsBefore = await database.job.count();
    await assert.rejects(
      requestServerAction({ database, queue, actor: customer!, serverId: server.id, input: { type: "resize", plan: "q-big" } }),
      isAppError(409, "quota_exceeded", /allows 0.5 more vCPU; this resize needs 1/),
    );
    assert.equal(await database.job.count(), jobsBefore);
    assert.equal((await database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId, null);
    assert.equal((await quotaOf(reseller)).usedVcpus, 1);

    await assert.rejects(
      setResellerQuota({ database, actor: admin, resellerId: reseller.userId, input: { ...roomy, maxMemoryMb: 100 } }),
      isAppError(409, "quota_below_use", /maxMemoryMb: the reseller already uses 256/),
    );
    assert.equal((await quotaOf(reseller)).maxMemoryMb, roomy.maxMemoryMb);
    await assert.rejects(setResellerQuota({ database, actor: reseller, resellerId: reseller.userId, input: roomy }), isAppError(403, "forbidden"));
  });

  test("termination gives the server's share back once, even when the job is retried; failed servers give nothing twice", async () => {
    const reseller = await createResellerActor(database, admin, "terminate@tenancy.test", roomy, ["q-small", "q-big"]);
    const [customer] = await customersOf(reseller, "terminate", 1);
    const kept = await runningServerOf(customer!, "q-small");
    const ended = await runningServerOf(customer!, "q-big");
    const { order: failedOrder, job: failedJob } = await order(customer!, "q-small");
    await failProvisioning({ orderId: failedOrder.id }, jobContextFor(database, failedJob.id), "no host could take it");
    const before = await quotaOf(reseller);
    assert.deepEqual([before.usedServers, before.usedVcpus], [2, 3]);

    // These servers were never placed, so terminating them needs no container (and no agent).
    const job = await requestServerAction({ database, queue, actor: customer!, serverId: ended.id, input: { type: "terminate" } });
    const payload = ZServerActionPayload.parse(JSON.parse(job.payload));
    await runServerAction(payload, jobContextFor(database, job.id));
    await runServerAction(payload, jobContextFor(database, job.id));
    const after = await quotaOf(reseller);
    assert.deepEqual(
      [after.usedServers, after.usedVcpus, after.usedMemoryMb, after.usedDiskMb, after.usedIpv4],
      [1, smallPlan.vcpus, smallPlan.memoryMb, smallPlan.diskMb, 1],
    );
    assert.equal((await database.server.findUniqueOrThrow({ where: { id: ended.id } })).status, "terminated");

    const failedServer = await database.server.findUniqueOrThrow({ where: { orderId: failedOrder.id } });
    const failedTermination = await requestServerAction({ database, queue, actor: customer!, serverId: failedServer.id, input: { type: "terminate" } });
    await runServerAction(ZServerActionPayload.parse(JSON.parse(failedTermination.payload)), jobContextFor(database, failedTermination.id));
    assert.deepEqual(await quotaOf(reseller), after, "a failed server's share was already given back");
    assert.equal((await database.server.findUniqueOrThrow({ where: { id: kept.id } })).status, "running");
  });
});
