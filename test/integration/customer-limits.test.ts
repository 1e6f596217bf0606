import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { ZServerActionPayload } from "../../lib/action-catalogue/catalogue";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { recordServerActionFailure, runServerAction } from "../../lib/action-catalogue/run-server-action";
import type { Database } from "../../lib/database/client";
import type { AppError } from "../../lib/errors";
import type { JobQueue } from "../../lib/jobs/queue";
import { createOrder } from "../../lib/orders/create-order";
import { failProvisioning } from "../../lib/servers/provision-server";
import { setCustomerLimits } from "../../lib/tenancy/set-customer-limits";
import { setCustomerPolicy } from "../../lib/tenancy/set-customer-policy";
import { setResellerSelfService } from "../../lib/tenancy/set-reseller-self-service";
import { isAppError } from "../support/app-error";
import { basePlan, createAdmin, createCustomerActor, createResellerActor, jobContextFor, startTenancyStack } from "../support/tenancy";

// Customers' own limits and the self-service switches are enforced by the database and the
// catalogue alone: real SQLite and Redis, jobs queued and never run, handlers called directly.
let stack: Awaited<ReturnType<typeof startTenancyStack>>;
let database: Database;
let queue: JobQueue;
let admin: Actor;

const smallPlan = { ...basePlan, slug: "c-small", name: "C small", vcpus: 1, memoryMb: 256, diskMb: 1024 };
const bigPlan = { ...basePlan, slug: "c-big", name: "C big", vcpus: 4, memoryMb: 4096, diskMb: 8192 };
const roomy = { maxServers: 100, maxVcpus: 100, maxMemoryMb: 100_000, maxDiskMb: 100_000, maxIpv4: 100 };
const policy = { maxServers: 2, maxVcpus: 16, maxMemoryMb: 32_768, maxDiskMb: 512_000, maxIpv4: 10, selfServiceOrders: true, selfServicePlanChanges: true, billingServersSelfResize: false };

let counter = 0;
function order(customer: Actor, plan: string, actor: Actor | undefined = customer) {
  counter += 1;
  return createOrder({ database, queue, customerId: customer.userId, actor, input: { plan, template: "busybox", hostname: `c-${counter}` } });
}

function detailsOf(error: unknown) {
  return ((error as AppError).details ?? {}) as { limit?: string; remaining?: number };
}

async function rowsOf(customer: Actor) {
  return {
    orders: await database.order.count({ where: { customerId: customer.userId } }),
    servers: await database.server.count({ where: { ownerId: customer.userId } }),
    jobs: await database.job.count({ where: { order: { customerId: customer.userId } } }),
    quota: await database.customerQuota.findUnique({ where: { customerId: customer.userId } }),
  };
}

async function adminCustomer(name: string) {
  return createCustomerActor(database, admin, `${name}@limits.test`);
}

async function runningServerOf(customer: Actor, plan: string, actor?: Actor) {
  const { server } = await order(customer, plan, actor);
  return database.server.update({ where: { id: server.id }, data: { status: "running" } });
}

before(async () => {
  stack = await startTenancyStack();
  database = stack.database;
  queue = stack.queue;
  for (const plan of [smallPlan, bigPlan]) await database.plan.create({ data: plan });
  await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  admin = await createAdmin(database, "admin@limits.test");
  await setCustomerPolicy({ database, actor: admin, input: policy });
});

after(async () => {
  await stack?.stop();
});

describe("customer limits", () => {
  test("an admin's customer cannot order past the admin's default; the refusal names the limit and writes nothing", async () => {
    const customer = await adminCustomer("loop");
    await order(customer, "c-small");
    await order(customer, "c-small");
    const before = await rowsOf(customer);
    await assert.rejects(order(customer, "c-small"), (error: unknown) => {
      isAppError(409, "quota_exceeded")(error);
      assert.equal(detailsOf(error).limit, "servers");
      assert.match((error as AppError).message, /0 more servers/);
      return true;
    });
    assert.deepEqual(await rowsOf(customer), before);
    assert.equal(before.quota?.usedServers, 2);
  });

  test("two orders at once cannot both take the last slot", async () => {
    const customer = await adminCustomer("race");
    await order(customer, "c-small");
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => order(customer, "c-small")));
    assert.equal(results.filter((result) => result.status === "fulfilled").length, 1);
    for (const result of results) if (result.status === "rejected") isAppError(409, "quota_exceeded")(result.reason);
    const rows = await rowsOf(customer);
    assert.equal(rows.servers, 2);
    assert.equal(rows.quota?.usedServers, 2);
  });

  test("an override beats the default; a reseller may not set one above its own quota", async () => {
    const reseller = await createResellerActor(database, admin, "limits-reseller@limits.test", { ...roomy, maxVcpus: 6 }, ["c-small", "c-big"]);
    const customer = await createCustomerActor(database, reseller, "limits-r-customer@limits.test");
    await assert.rejects(
      setCustomerLimits({ database, actor: reseller, customerId: customer.userId, input: { maxServers: 5, maxVcpus: 7, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } }),
      isAppError(422, "above_reseller_quota"),
    );
    await assert.rejects(
      setCustomerLimits({ database, actor: reseller, customerId: customer.userId, input: { maxServers: 5, maxVcpus: 5, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null, selfServiceOrders: false } }),
      isAppError(403, "forbidden"),
    );
    await setCustomerLimits({ database, actor: reseller, customerId: customer.userId, input: { maxServers: 3, maxVcpus: 5, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } });
    await order(customer, "c-big");
    await order(customer, "c-small");
    // A third server fits the override's 3 servers but not its 5 vCPU.
    await assert.rejects(order(customer, "c-small"), (error: unknown) => isAppError(409, "quota_exceeded")(error) && detailsOf(error).limit === "vcpus");
    const other = await adminCustomer("other-reseller-target");
    await assert.rejects(
      setCustomerLimits({ database, actor: reseller, customerId: other.userId, input: { maxServers: 1, maxVcpus: null, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } }),
      isAppError(404, "not_found"),
    );
  });

  test("a resize past the limit is refused and writes nothing; a failed resize and a termination give back exactly once", async () => {
    const customer = await adminCustomer("resize");
    await setCustomerLimits({ database, actor: admin, customerId: customer.userId, input: { maxServers: null, maxVcpus: 4, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } });
    const first = await runningServerOf(customer, "c-small");
    await runningServerOf(customer, "c-small");
    const jobsBefore = await database.job.count();
    await assert.rejects(requestServerAction({ database, queue, actor: customer, serverId: first.id, input: { type: "resize", plan: "c-big" } }), isAppError(409, "quota_exceeded"));
    assert.equal(await database.job.count(), jobsBefore);
    assert.equal((await rowsOf(customer)).quota?.usedVcpus, 2);

    await setCustomerLimits({ database, actor: admin, customerId: customer.userId, input: { maxServers: null, maxVcpus: 5, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } });
    const resize = await requestServerAction({ database, queue, actor: customer, serverId: first.id, input: { type: "resize", plan: "c-big" } });
    assert.equal((await rowsOf(customer)).quota?.usedVcpus, 5, "the growth is reserved on acceptance");
    const payload = ZServerActionPayload.parse(JSON.parse(resize.payload));
    await recordServerActionFailure(payload, jobContextFor(database, resize.id), "agent refused");
    await recordServerActionFailure(payload, jobContextFor(database, resize.id), "agent refused");
    assert.equal((await rowsOf(customer)).quota?.usedVcpus, 2, "a failed resize gives its growth back once");

    const termination = await requestServerAction({ database, queue, actor: customer, serverId: first.id, input: { type: "terminate" } });
    const ended = ZServerActionPayload.parse(JSON.parse(termination.payload));
    await runServerAction(ended, jobContextFor(database, termination.id));
    await runServerAction(ended, jobContextFor(database, termination.id));
    const quota = (await rowsOf(customer)).quota!;
    assert.deepEqual([quota.usedServers, quota.usedVcpus, quota.usedMemoryMb, quota.usedIpv4], [1, 1, 256, 1]);
  });

  test("a failed provisioning gives its share back once", async () => {
    const customer = await adminCustomer("failed");
    const { order: placed, job } = await order(customer, "c-small");
    await failProvisioning({ orderId: placed.id }, jobContextFor(database, job.id), "no host could take it");
    await failProvisioning({ orderId: placed.id }, jobContextFor(database, job.id), "no host could take it");
    assert.equal((await rowsOf(customer)).quota?.usedServers, 0);
  });

  test("a customer's first row is counted from the servers it already has", async () => {
    const customer = await adminCustomer("counted");
    // Servers made before customer limits existed: no CustomerQuota row yet.
    const planId = (await database.plan.findUniqueOrThrow({ where: { slug: "c-small" } })).id;
    const templateId = (await database.template.findUniqueOrThrow({ where: { slug: "busybox" } })).id;
    for (const name of ["old-1", "old-2"]) {
      await database.server.create({ data: { hostname: name, ownerId: customer.userId, planId, templateId, containerName: `berth-${name}-${customer.userId}`, status: "running" } });
    }
    await assert.rejects(order(customer, "c-small"), (error: unknown) => isAppError(409, "quota_exceeded")(error) && detailsOf(error).remaining === 0);
    // The refusal rolled back everything, the row it counted too.
    assert.equal((await rowsOf(customer)).quota, null);
  });
});

describe("self-service switches", () => {
  test("the global switch refuses a customer's own order (403) and writes nothing; its admin and billing still order", async () => {
    const customer = await adminCustomer("global-off");
    await setCustomerPolicy({ database, actor: admin, input: { ...policy, selfServiceOrders: false } });
    try {
      await assert.rejects(order(customer, "c-small"), isAppError(403, "self_service_disabled"));
      await assert.rejects(order(customer, "c-small", { ...customer, via: "token" }), isAppError(403, "self_service_disabled"));
      assert.deepEqual((await rowsOf(customer)).orders, 0);
      await order(customer, "c-small", admin);
      await order(customer, "c-small", { ...admin, via: "webhook" });
      assert.equal((await rowsOf(customer)).orders, 2);
    } finally {
      await setCustomerPolicy({ database, actor: admin, input: policy });
    }
  });

  test("per reseller and per customer: ordering and plan changes", async () => {
    const reseller = await createResellerActor(database, admin, "switch-reseller@limits.test", roomy, ["c-small", "c-big"]);
    const customer = await createCustomerActor(database, reseller, "switch-customer@limits.test");
    await setCustomerLimits({ database, actor: reseller, customerId: customer.userId, input: { maxServers: 10, maxVcpus: null, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null } });
    const server = await runningServerOf(customer, "c-small");

    await setResellerSelfService({ database, actor: admin, resellerId: reseller.userId, input: { selfServiceOrders: false, selfServicePlanChanges: false } });
    await assert.rejects(order(customer, "c-small"), isAppError(403, "self_service_disabled"));
    const jobsBefore = await database.job.count();
    await assert.rejects(requestServerAction({ database, queue, actor: customer, serverId: server.id, input: { type: "resize", plan: "c-big" } }), isAppError(403, "self_service_disabled"));
    assert.equal(await database.job.count(), jobsBefore);
    // The reseller itself still may, for its customer.
    await order(customer, "c-small", reseller);
    await assert.rejects(setResellerSelfService({ database, actor: reseller, resellerId: reseller.userId, input: { selfServiceOrders: true, selfServicePlanChanges: true } }), isAppError(403, "forbidden"));

    await setResellerSelfService({ database, actor: admin, resellerId: reseller.userId, input: { selfServiceOrders: true, selfServicePlanChanges: true } });
    await setCustomerLimits({ database, actor: admin, customerId: customer.userId, input: { maxServers: 10, maxVcpus: null, maxMemoryMb: null, maxDiskMb: null, maxIpv4: null, selfServicePlanChanges: false } });
    await order(customer, "c-small");
    await assert.rejects(requestServerAction({ database, queue, actor: customer, serverId: server.id, input: { type: "resize", plan: "c-big" } }), isAppError(403, "self_service_disabled"));
    await requestServerAction({ database, queue, actor: reseller, serverId: server.id, input: { type: "resize", plan: "c-big" } });
  });

  test("a server its billing system ordered changes plan only through billing, unless the admin allows it", async () => {
    const customer = await adminCustomer("billing-made");
    const { server: created } = await createOrder({
      database,
      queue,
      customerId: customer.userId,
      actor: { ...admin, via: "webhook", credentialId: "admin" },
      input: { plan: "c-small", template: "busybox", hostname: "billing-made" },
      billing: { billingEndpoint: "admin", billingServiceId: "svc-1" },
    });
    const server = await database.server.update({ where: { id: created.id }, data: { status: "running" } });
    const jobsBefore = await database.job.count();
    for (const actor of [customer, admin]) {
      await assert.rejects(requestServerAction({ database, queue, actor, serverId: server.id, input: { type: "resize", plan: "c-big" } }), isAppError(403, "plan_managed_by_billing"));
    }
    assert.equal(await database.job.count(), jobsBefore);
    assert.equal((await rowsOf(customer)).quota?.usedVcpus, 1);

    await setCustomerPolicy({ database, actor: admin, input: { ...policy, billingServersSelfResize: true } });
    try {
      await requestServerAction({ database, queue, actor: customer, serverId: server.id, input: { type: "resize", plan: "c-big" } });
    } finally {
      await setCustomerPolicy({ database, actor: admin, input: policy });
    }
  });
});
