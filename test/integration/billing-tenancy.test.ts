import assert from "node:assert/strict";
import { testMailContext } from "../support/mail-context";
import { after, before, describe, test } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { serverActionOf, ZServerActionPayload } from "../../lib/action-catalogue/catalogue";
import { handOnServerClaim } from "../../lib/action-catalogue/claim-server";
import { holdsServerTurn, recordServerActionFailure, runServerAction } from "../../lib/action-catalogue/run-server-action";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { adminBillingEndpoint, resellerBillingEndpoint, resellerEndpointSecret, type BillingEndpoint } from "../../lib/billing/billing-endpoint";
import { handleBillingEvent } from "../../lib/billing/handle-billing-event";
import { signBillingPayload } from "../../lib/billing/signature";
import type { Database } from "../../lib/database/client";
import { markJobRunning } from "../../lib/jobs/job-record";
import { startJobWorker, type JobWorker } from "../../lib/jobs/worker";
import { loadSettings } from "../../lib/settings";
import { createUser } from "../../lib/users/create-user";
import { authorizeCredentials } from "../../lib/auth/authorize-credentials";
import { resolveSessionUser } from "../../lib/auth/resolve-session-user";
import { SignInError } from "../../lib/auth/sign-in-errors";
import { testIpThrottle } from "../support/sign-in-throttle";
import { suspendReseller } from "../../lib/resellers/suspend-reseller";
import { unsuspendReseller } from "../../lib/resellers/unsuspend-reseller";
import { authenticateApiToken, createApiToken } from "../../lib/tokens/api-tokens";
import { waitForJob } from "../support/berth-stack";
import { isAppError } from "../support/app-error";
import { createAdmin, createCustomerActor, createResellerActor, jobContextFor, roomyQuota, seedSmallPlanAndBusybox, startTenancyStack } from "../support/tenancy";

// Billing webhooks against real SQLite and Redis. Servers are rows without a host (no containers):
// jobs are driven directly, and one test runs the real worker on a terminate, which needs no agent.
const encryptionKey = "billing-tenancy-test-key";
const adminSecret = "admin-billing-secret";

type Stack = Awaited<ReturnType<typeof startTenancyStack>>;

async function startStack(): Promise<Stack> {
  const stack = await startTenancyStack();
  await seedSmallPlanAndBusybox(stack.database, { slug: "b-small", name: "B small" });
  return stack;
}

/** A stack with an admin, a reseller offering b-small (roomy quota) and the reseller's billing endpoint. */
async function startResellerStack(adminEmail: string | undefined, resellerEmail: string) {
  const stack = await startStack();
  const admin = await createAdmin(stack.database, adminEmail);
  const reseller = await createResellerActor(stack.database, admin, resellerEmail, roomyQuota, ["b-small"]);
  const { endpointId } = await resellerEndpointSecret(stack.database, reseller.userId, encryptionKey);
  const resellerEndpoint = await resellerBillingEndpoint(stack.database, endpointId, encryptionKey);
  return { stack, admin, reseller, resellerEndpoint };
}

let counter = 0;
/** A running server of the customer, created through the endpoint as service `serviceId` (rows only, no host). */
async function billedServer(database: Database, endpoint: BillingEndpoint, customerId: string) {
  counter += 1;
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "b-small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
  const serviceId = `svc-${counter}`;
  const order = await database.order.create({
    data: { customerId, planId: plan.id, templateId: template.id, hostname: `b-${counter}`, status: "completed", billingEndpoint: endpoint.key, billingServiceId: serviceId },
  });
  const server = await database.server.create({
    data: { hostname: `b-${counter}`, ownerId: customerId, planId: plan.id, templateId: template.id, containerName: `vps-b-${counter}`, status: "running", orderId: order.id },
  });
  return { serviceId, server };
}

function deliver(stack: Stack, endpoint: BillingEndpoint, event: { id: string; type: string; data: Record<string, unknown> }) {
  const rawBody = JSON.stringify(event);
  return handleBillingEvent({ database: stack.database, queue: stack.queue, mailContext: testMailContext, endpoint, rawBody, signature: signBillingPayload(endpoint.secret, rawBody) });
}

function assertAnswer(result: { status: number; body: unknown }, status: number, code: string) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.equal((result.body as { error: { code: string } }).error.code, code);
}

function storedAnswer(database: Database, endpoint: BillingEndpoint, eventId: string) {
  return database.webhookEvent.findUnique({ where: { endpoint_eventId: { endpoint: endpoint.key, eventId } } });
}

async function payloadOf(database: Database, jobId: string) {
  const job = await database.job.findUniqueOrThrow({ where: { id: jobId } });
  return ZServerActionPayload.parse(JSON.parse(job.payload));
}

describe("billing webhooks across tenants", () => {
  let stack: Stack;
  let reseller: Actor;
  let adminEndpoint: BillingEndpoint;
  let resellerEndpoint: BillingEndpoint;

  before(async () => {
    ({ stack, reseller, resellerEndpoint } = await startResellerStack(undefined, "reseller@billing.test"));
    adminEndpoint = await adminBillingEndpoint(stack.database, adminSecret);
  });
  after(async () => stack?.stop());

  const create = (id: string, serviceId: string, email: string) => ({
    id,
    type: "service.create",
    data: { serviceId, customer: { email, name: "Someone" }, plan: "b-small", hostname: `h-${serviceId}`, template: "busybox" },
  });

  test("the admin's endpoint never adopts a reseller's customer: 409 customer_conflict, nothing written, the answer is final", async () => {
    // The reseller pre-creates the address it expects the admin's billing system to order for.
    const victim = await createCustomerActor(stack.database, reseller, "victim@billing.test");
    const before = { users: await stack.database.user.count(), orders: await stack.database.order.count(), servers: await stack.database.server.count() };

    assertAnswer(await deliver(stack, adminEndpoint, create("evt-adopt-1", "adopt-1", "victim@billing.test")), 409, "customer_conflict");
    assert.equal(await stack.database.order.count({ where: { customerId: victim.userId } }), 0);
    assert.deepEqual(
      { users: await stack.database.user.count(), orders: await stack.database.order.count(), servers: await stack.database.server.count() },
      before,
    );
    // A definite answer: the replay answers the same 409 and still writes nothing.
    assertAnswer(await deliver(stack, adminEndpoint, create("evt-adopt-1", "adopt-1", "victim@billing.test")), 409, "customer_conflict");
    assert.equal((await storedAnswer(stack.database, adminEndpoint, "evt-adopt-1"))?.status, 409);
  });

  test("a reseller's endpoint never adopts the admin's direct customer, but does use its own", async () => {
    const { user: direct } = await createUser({ database: stack.database, input: { email: "direct@billing.test", name: "Direct", role: "customer", password: "direct-password" } });
    assertAnswer(await deliver(stack, resellerEndpoint, create("evt-adopt-2", "adopt-2", "direct@billing.test")), 409, "customer_conflict");
    assert.equal(await stack.database.order.count({ where: { customerId: direct.id } }), 0);

    const own = await createCustomerActor(stack.database, reseller, "own@billing.test");
    const accepted = await deliver(stack, resellerEndpoint, create("evt-own", "own-1", "own@billing.test"));
    assert.equal(accepted.status, 202);
    assert.equal(await stack.database.order.count({ where: { customerId: own.userId } }), 1);

    const viaAdmin = await deliver(stack, adminEndpoint, create("evt-direct", "direct-1", "direct@billing.test"));
    assert.equal(viaAdmin.status, 202);
    assert.equal(await stack.database.order.count({ where: { customerId: direct.id } }), 1);
  });

  test("a billing suspend is accepted while a customer's reboot runs, waits in the next slot and gets the server when the reboot ends", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "rebooter@billing.test");
    const { serviceId, server } = await billedServer(stack.database, resellerEndpoint, customer.userId);
    const reboot = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input: { type: "reboot" } });
    assert.equal(await markJobRunning(stack.database, reboot.id, 1), true);

    const suspended = await deliver(stack, resellerEndpoint, { id: "evt-suspend-busy", type: "service.suspend", data: { serviceId, reason: "unpaid" } });
    assert.equal(suspended.status, 202);
    const suspendJobId = (suspended.body as { jobId: string }).jobId;
    let row = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(row.activeJobId, reboot.id);
    assert.equal(row.nextJobId, suspendJobId);
    const suspendPayload = await payloadOf(stack.database, suspendJobId);
    assert.equal(await holdsServerTurn(suspendPayload, jobContextFor(stack.database, suspendJobId)), false, "the suspend must wait for the reboot");

    // The customer cannot slip another action in ahead of it.
    await assert.rejects(
      requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input: { type: "reboot" } }),
      isAppError(409, "server_busy"),
    );
    // The billing system repeating the suspend (a new event id) answers the waiting job.
    const repeated = await deliver(stack, resellerEndpoint, { id: "evt-suspend-again", type: "service.suspend", data: { serviceId } });
    assert.equal((repeated.body as { jobId: string }).jobId, suspendJobId);

    // The reboot ends (here: for good, as a worker records it); the claim passes to the suspend.
    await recordServerActionFailure(await payloadOf(stack.database, reboot.id), jobContextFor(stack.database, reboot.id), "agent unreachable");
    row = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(row.activeJobId, suspendJobId);
    assert.equal(row.nextJobId, null);
    assert.equal(await holdsServerTurn(suspendPayload, jobContextFor(stack.database, suspendJobId)), true);
  });

  test("a customer's terminate that runs to the end hands the server to the waiting suspend, which then finds nothing to suspend", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "leaver@billing.test");
    const { serviceId, server } = await billedServer(stack.database, resellerEndpoint, customer.userId);
    const terminate = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input: { type: "terminate" } });
    await markJobRunning(stack.database, terminate.id, 1);
    const suspended = await deliver(stack, resellerEndpoint, { id: "evt-suspend-leaver", type: "service.suspend", data: { serviceId } });
    const suspendJobId = (suspended.body as { jobId: string }).jobId;

    await runServerAction(await payloadOf(stack.database, terminate.id), jobContextFor(stack.database, terminate.id));
    const row = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.deepEqual([row.status, row.activeJobId, row.nextJobId], ["terminated", suspendJobId, null]);
    await assert.rejects(runServerAction(await payloadOf(stack.database, suspendJobId), jobContextFor(stack.database, suspendJobId)), isAppError(409, "server_terminated"));
  });

  test("a terminate drops a customer's reboot that has not started, and runs in its place", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "dropped@billing.test");
    const { serviceId, server } = await billedServer(stack.database, resellerEndpoint, customer.userId);
    const reboot = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input: { type: "reboot" } });

    const terminated = await deliver(stack, resellerEndpoint, { id: "evt-terminate-drop", type: "service.terminate", data: { serviceId } });
    assert.equal(terminated.status, 202);
    const terminateJobId = (terminated.body as { jobId: string }).jobId;
    const dropped = await stack.database.job.findUniqueOrThrow({ where: { id: reboot.id } });
    assert.equal(dropped.state, "failed");
    assert.equal(dropped.error, "superseded by terminate");
    assert.equal((await stack.database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId, terminateJobId);
    // The worker picking the dropped reboot up later does not run it.
    assert.equal(await markJobRunning(stack.database, reboot.id, 1), false);

    await runServerAction(await payloadOf(stack.database, terminateJobId), jobContextFor(stack.database, terminateJobId));
    const row = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(row.status, "terminated");
    assert.equal(row.activeJobId, null);
  });

  test("a transient refusal (server_busy) is not stored as the event's answer: the retry is processed", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "busy@billing.test");
    const { serviceId, server } = await billedServer(stack.database, resellerEndpoint, customer.userId);
    const reboot = await requestServerAction({ database: stack.database, queue: stack.queue, actor: customer, serverId: server.id, input: { type: "reboot" } });
    await markJobRunning(stack.database, reboot.id, 1);
    await deliver(stack, resellerEndpoint, { id: "evt-busy-suspend", type: "service.suspend", data: { serviceId } });

    // One preemptor may wait; a second, different one is refused for now.
    await assert.rejects(deliver(stack, resellerEndpoint, { id: "evt-busy-terminate", type: "service.terminate", data: { serviceId } }), isAppError(409, "server_busy"));
    assert.equal(await storedAnswer(stack.database, resellerEndpoint, "evt-busy-terminate"), null);

    // Both jobs end; the billing system's retry of the same event id now terminates the server.
    await recordServerActionFailure(await payloadOf(stack.database, reboot.id), jobContextFor(stack.database, reboot.id), "agent unreachable");
    const suspendJobId = (await stack.database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId!;
    await recordServerActionFailure(await payloadOf(stack.database, suspendJobId), jobContextFor(stack.database, suspendJobId), "agent unreachable");
    const retried = await deliver(stack, resellerEndpoint, { id: "evt-busy-terminate", type: "service.terminate", data: { serviceId } });
    assert.equal(retried.status, 202);
    assert.equal((await storedAnswer(stack.database, resellerEndpoint, "evt-busy-terminate"))?.status, 202);
  });
});

/** What the worker records once an action's steps are done (its entry's outcome, the claim handed on): the steps need an agent. */
async function recordOutcome(database: Database, jobId: string) {
  const { serverId, action } = await payloadOf(database, jobId);
  const { type, ...payload } = action;
  const server = await database.server.findUniqueOrThrow({ where: { id: serverId }, include: { owner: true, plan: true, template: true, host: true } });
  assert.equal(server.activeJobId, jobId);
  await database.$transaction(async (transaction) => {
    await transaction.server.update({ where: { id: serverId }, data: serverActionOf(type).outcome({ container: null, server, payload }) });
    await handOnServerClaim(transaction, serverId, jobId);
  });
  await database.job.update({ where: { id: jobId }, data: { state: "completed" } });
  return database.server.findUniqueOrThrow({ where: { id: serverId } });
}

describe("suspension levels", () => {
  let stack: Stack;
  let admin: Actor;
  let reseller: Actor;
  let resellerEndpoint: BillingEndpoint;

  before(async () => {
    ({ stack, admin, reseller, resellerEndpoint } = await startResellerStack("admin@levels.test", "reseller@levels.test"));
  });
  after(async () => stack?.stop());

  const request = (actor: Actor, serverId: string, input: Record<string, unknown>) =>
    requestServerAction({ database: stack.database, queue: stack.queue, actor, serverId, input });

  test("the admin's suspension records who and why; neither the reseller nor its webhook can lift it, the admin can", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "abuser@levels.test");
    const { serviceId, server } = await billedServer(stack.database, resellerEndpoint, customer.userId);
    let row = await recordOutcome(stack.database, (await request(admin, server.id, { type: "suspend", reason: "abuse: port scanning" })).id);
    assert.deepEqual([row.suspended, row.suspendedBy, row.suspendReason], [true, "admin", "abuse: port scanning"]);

    await assert.rejects(request(reseller, server.id, { type: "unsuspend" }), isAppError(403, "suspended_by_provider"));
    await assert.rejects(deliver(stack, resellerEndpoint, { id: "evt-lift", type: "service.unsuspend", data: { serviceId } }), isAppError(403, "suspended_by_provider"));
    assert.equal(await storedAnswer(stack.database, resellerEndpoint, "evt-lift"), null, "a refusal the admin may change is not the event's final answer");
    assert.equal(await stack.database.job.count({ where: { serverId: server.id, payload: { contains: '"unsuspend"' } } }), 0);

    // The reseller suspending it again (its billing system) does not lower the admin's suspension.
    const again = await deliver(stack, resellerEndpoint, { id: "evt-resuspend", type: "service.suspend", data: { serviceId, reason: "unpaid" } });
    row = await recordOutcome(stack.database, (again.body as { jobId: string }).jobId);
    assert.deepEqual([row.suspendedBy, row.suspendReason], ["admin", "abuse: port scanning"]);
    await assert.rejects(request(reseller, server.id, { type: "unsuspend" }), isAppError(403, "suspended_by_provider"));

    row = await recordOutcome(stack.database, (await request(admin, server.id, { type: "unsuspend" })).id);
    assert.deepEqual([row.suspended, row.suspendedBy, row.suspendReason], [false, null, null]);
  });

  test("the reseller's own suspension (through its webhook) is the reseller's to lift", async () => {
    const customer = await createCustomerActor(stack.database, reseller, "unpaid@levels.test");
    const { serviceId } = await billedServer(stack.database, resellerEndpoint, customer.userId);
    const suspended = await deliver(stack, resellerEndpoint, { id: "evt-unpaid", type: "service.suspend", data: { serviceId, reason: "invoice overdue" } });
    const row = await recordOutcome(stack.database, (suspended.body as { jobId: string }).jobId);
    assert.deepEqual([row.suspended, row.suspendedBy, row.suspendReason], [true, "reseller", "invoice overdue"]);
    const lifted = await deliver(stack, resellerEndpoint, { id: "evt-paid", type: "service.unsuspend", data: { serviceId } });
    assert.equal(lifted.status, 202, JSON.stringify(lifted.body));
  });
});

describe("suspending a whole reseller", () => {
  let stack: Stack;
  let admin: Actor;

  before(async () => {
    stack = await startStack();
    admin = await createAdmin(stack.database, "admin@whole.test");
  });
  after(async () => stack?.stop());

  test("refuses the reseller's and its customers' sign-in, sessions, tokens and webhook, suspends their servers at the admin's level, and lifting undoes exactly that", async () => {
    const { database, queue } = stack;
    const reseller = await createResellerActor(database, admin, "whole@whole.test", roomyQuota, ["b-small"]);
    const { endpointId } = await resellerEndpointSecret(database, reseller.userId, encryptionKey);
    const customer = await createCustomerActor(database, reseller, "customer@whole.test");
    const { serviceId, server } = await billedServer(database, await resellerBillingEndpoint(database, endpointId, encryptionKey), customer.userId);
    // A server the reseller suspended for its own reason stays suspended when the admin lifts its suspension.
    const unpaid = await billedServer(database, await resellerBillingEndpoint(database, endpointId, encryptionKey), customer.userId);
    await recordOutcome(database, (await requestServerAction({ database, queue, actor: reseller, serverId: unpaid.server.id, input: { type: "suspend", reason: "unpaid" } })).id);
    const { token } = await createApiToken({ database, actor: customer, input: { name: "ci" } });
    const sessionVersionOf = async (id: string) => (await database.user.findUniqueOrThrow({ where: { id } })).sessionVersion;
    const customerSessionVersion = await sessionVersionOf(customer.userId);

    await assert.rejects(suspendReseller({ database, queue, actor: reseller, resellerId: reseller.userId }), isAppError(403, "forbidden"));
    const result = await suspendReseller({ database, queue, actor: admin, resellerId: reseller.userId, input: { reason: "chargebacks" } });
    assert.deepEqual(result, { suspendedServers: [server.id], refusedServers: [] });
    assert.equal((await database.auditEvent.count({ where: { action: "reseller.suspend", targetId: reseller.userId } })), 1);

    // Sign-in, sessions and tokens of the reseller and of its customers.
    for (const email of ["whole@whole.test", "customer@whole.test"]) {
      const password = email.startsWith("whole") ? "reseller-password" : "customer-password";
      await assert.rejects(authorizeCredentials({ database, encryptionKey, email, password, ipAddress: "192.0.2.10", ipThrottle: await testIpThrottle() }), (error: unknown) => error instanceof SignInError && error.code === "suspended");
    }
    assert.equal(await resolveSessionUser({ database, userId: customer.userId, sessionVersion: customerSessionVersion }), null);
    assert.equal(await authenticateApiToken(database, token), null);
    // Its webhook: 403 reseller_suspended, and nothing is recorded for the event.
    const endpoint = await resellerBillingEndpoint(database, endpointId, encryptionKey);
    await assert.rejects(deliver(stack, endpoint, { id: "evt-while-suspended", type: "service.unsuspend", data: { serviceId } }), isAppError(403, "reseller_suspended"));
    assert.equal(await storedAnswer(database, endpoint, "evt-while-suspended"), null);

    // The customer's server is suspended at the admin's level: the reseller cannot lift it.
    const suspendJob = (await database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId!;
    let row = await recordOutcome(database, suspendJob);
    assert.deepEqual([row.suspended, row.suspendedBy, row.suspendReason, row.suspendedWithReseller], [true, "admin", "Reseller suspended: chargebacks", true]);
    await assert.rejects(requestServerAction({ database, queue, actor: reseller, serverId: server.id, input: { type: "unsuspend" } }), isAppError(403, "suspended_by_provider"));

    const lifted = await unsuspendReseller({ database, queue, actor: admin, resellerId: reseller.userId });
    assert.deepEqual(lifted, { unsuspendedServers: [server.id], refusedServers: [] });
    row = await recordOutcome(database, (await database.server.findUniqueOrThrow({ where: { id: server.id } })).activeJobId!);
    assert.deepEqual([row.suspended, row.suspendedBy, row.suspendedWithReseller], [false, null, false]);
    const other = await database.server.findUniqueOrThrow({ where: { id: unpaid.server.id } });
    assert.deepEqual([other.suspended, other.suspendedBy, other.activeJobId], [true, "reseller", null]);
    assert.notEqual(await resolveSessionUser({ database, userId: customer.userId, sessionVersion: customerSessionVersion }), null);
    assert.notEqual(await authenticateApiToken(database, token), null);
    const accepted = await deliver(stack, await resellerBillingEndpoint(database, endpointId, encryptionKey), { id: "evt-after-lift", type: "service.suspend", data: { serviceId } });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal((await database.auditEvent.count({ where: { action: "reseller.unsuspend", targetId: reseller.userId } })), 1);
  });
});

describe("a waiting terminate in the real worker", () => {
  let stack: Stack;
  let worker: JobWorker;

  before(async () => {
    stack = await startStack();
    const settings = loadSettings({ BERTH_DATA_DIR: "/nonexistent", BERTH_DATABASE_URL: "file:/nonexistent", BERTH_REDIS_URL: stack.redisUrl, BERTH_ENCRYPTION_KEY: encryptionKey });
    worker = startJobWorker({ database: stack.database, settings, concurrency: 2 });
  });
  after(async () => {
    await worker?.close();
    await stack?.stop();
  });

  test("stays queued (no attempt used) while another action holds the server, then runs once it is handed the claim", async () => {
    await createAdmin(stack.database, "admin@worker.test");
    const { user: customer } = await createUser({ database: stack.database, input: { email: "worker@billing.test", name: "W", role: "customer", password: "customer-password" } });
    const endpoint = await adminBillingEndpoint(stack.database, adminSecret);
    const { serviceId, server } = await billedServer(stack.database, endpoint, customer.id);
    // An action that is running (its row claims the server; it is not in the queue, so it never ends by itself).
    const running = await stack.database.job.create({
      data: { type: "serverAction", serverId: server.id, state: "running", payload: JSON.stringify({ serverId: server.id, action: { type: "reboot" } }) },
    });
    await stack.database.server.update({ where: { id: server.id }, data: { activeJobId: running.id } });

    const terminated = await deliver(stack, endpoint, { id: "evt-worker-terminate", type: "service.terminate", data: { serviceId } });
    assert.equal(terminated.status, 202, JSON.stringify(terminated.body));
    const terminateJobId = (terminated.body as { jobId: string }).jobId;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const waiting = await stack.database.job.findUniqueOrThrow({ where: { id: terminateJobId } });
    assert.equal(waiting.state, "queued");
    assert.equal(waiting.attempts, 0);
    assert.equal((await stack.database.server.findUniqueOrThrow({ where: { id: server.id } })).status, "running");

    await recordServerActionFailure(await payloadOf(stack.database, running.id), jobContextFor(stack.database, running.id), "agent unreachable");
    const done = await waitForJob(stack.database, terminateJobId, 15_000);
    assert.equal(done.state, "completed", done.error ?? "");
    const row = await stack.database.server.findUniqueOrThrow({ where: { id: server.id } });
    assert.equal(row.status, "terminated");
    assert.equal(row.activeJobId, null);
  });
});
