import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, test, type TestContext } from "node:test";
import type { Actor } from "../../lib/access/actor";
import { checkBillingSignature } from "../../lib/billing/signature";
import type { Database } from "../../lib/database/client";
import { recordServerEvent, type ServerEventType } from "../../lib/notifications/server-events";
import { loadSettings, type BerthSettings } from "../../lib/settings";
import { createWebhook } from "../../lib/webhooks/create-webhook";
import { deleteWebhook } from "../../lib/webhooks/delete-webhook";
import { deliverDueWebhooks } from "../../lib/webhooks/deliver-webhooks";
import { listWebhookDeliveries } from "../../lib/webhooks/list-webhook-deliveries";
import { listWebhooks } from "../../lib/webhooks/list-webhooks";
import { resendWebhookDelivery } from "../../lib/webhooks/resend-webhook-delivery";
import { webhookLimit } from "../../lib/webhooks/webhook-fields";
import { isAppError } from "../support/app-error";
import { createTestDatabase } from "../support/database";
import { testMailContext } from "../support/mail-context";
import { createAdmin, createCustomerActor, createResellerActor, roomyQuota, seedSmallPlanAndBusybox } from "../support/tenancy";

// Outgoing webhooks against a real SQLite database and real HTTP endpoints on 127.0.0.1: events
// are recorded on server rows (no host, no containers) and the worker's sweep is called directly.
const encryptionKey = "outgoing-webhooks-test-key";

let testDatabase: ReturnType<typeof createTestDatabase>;
let database: Database;
let admin: Actor;
let resellerA: Actor;
let resellerB: Actor;
let customerOfA: Actor;

before(async () => {
  testDatabase = createTestDatabase();
  database = testDatabase.database;
  await seedSmallPlanAndBusybox(database, { slug: "w-small", name: "W small" });
  admin = await createAdmin(database, "admin@webhooks.test");
  resellerA = await createResellerActor(database, admin, "reseller-a@webhooks.test", roomyQuota, ["w-small"]);
  resellerB = await createResellerActor(database, admin, "reseller-b@webhooks.test", roomyQuota, ["w-small"]);
  customerOfA = await createCustomerActor(database, resellerA, "a1@webhooks.test");
});
after(() => testDatabase.remove());

/** The settings the worker would have, with the retry schedule and allowed networks a test names. */
function settingsWith(overrides: Partial<Pick<BerthSettings, "webhookRetrySeconds" | "webhookAllowedNetworks">>): BerthSettings {
  const settings = loadSettings({ BERTH_DATA_DIR: "/nonexistent", BERTH_DATABASE_URL: "file:/nonexistent", BERTH_ENCRYPTION_KEY: encryptionKey });
  return { ...settings, webhookRetrySeconds: [0.05, 0.05], webhookAllowedNetworks: [], ...overrides };
}

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP endpoint that keeps what it receives and answers as the test says; closed after the test. */
async function startReceiver(t: TestContext, answer: { status: number; body?: string; delayMs?: number; headers?: Record<string, string> } = { status: 200, body: "ok" }) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      setTimeout(() => response.writeHead(answer.status, answer.headers).end(answer.body ?? ""), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { received, answer, port, url: `http://127.0.0.1:${port}/hooks/berth` };
}

/** An endpoint of `owner`, deleted (with its deliveries) after the test so later tests' events do not reach it. */
async function registerWebhook(t: TestContext, owner: Actor, url: string, events: ServerEventType[] = ["server.ready"]) {
  const created = await createWebhook({ database, actor: owner, encryptionKey, input: { url, events } });
  t.after(() => database.outgoingWebhook.deleteMany({ where: { id: created.webhook.id } }));
  return created;
}

let servers = 0;
async function createServer(ownerId: string) {
  servers += 1;
  const name = `w-${servers}-${randomBytes(3).toString("hex")}`;
  const plan = await database.plan.findUniqueOrThrow({ where: { slug: "w-small" } });
  const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
  return database.server.create({ data: { hostname: name, ownerId, planId: plan.id, templateId: template.id, containerName: `vps-${name}`, status: "running" } });
}

/** A server of customer A that has just become ready, as provisioning records it. */
async function serverReady(type: ServerEventType = "server.ready") {
  const server = await createServer(customerOfA.userId);
  await database.$transaction((transaction) => recordServerEvent(transaction, testMailContext, { type, serverId: server.id, key: `job-${server.id}` }));
  return server;
}

function deliveriesOf(webhookId: string) {
  return database.webhookDelivery.findMany({ where: { webhookId }, orderBy: { createdAt: "asc" } });
}

/** Sweeps as the worker does, until no delivery of the endpoint is pending any more. */
async function sweepUntilSettled(webhookId: string, settings: BerthSettings, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await deliverDueWebhooks({ database, settings });
    if ((await database.webhookDelivery.count({ where: { webhookId, state: "pending" } })) === 0) return;
    if (Date.now() > deadline) throw new Error(`deliveries of ${webhookId} are still pending`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("an admin's endpoint receives server.ready signed with its secret, once, with the event's body and headers", async (t) => {
  const receiver = await startReceiver(t);
  const { webhook, secret } = await registerWebhook(t, admin, receiver.url);
  const elsewhere = await registerWebhook(t, admin, receiver.url, ["server.terminated"]);
  assert.match(secret, /^whsec_/);
  assert.ok(!(await database.outgoingWebhook.findUniqueOrThrow({ where: { id: webhook.id } })).secretEncrypted.includes(secret), "the secret is stored encrypted");

  const server = await serverReady();
  // Recording the same occurrence again (a retried job) queues nothing more.
  await database.$transaction((transaction) => recordServerEvent(transaction, testMailContext, { type: "server.ready", serverId: server.id, key: `job-${server.id}` }));
  assert.equal((await deliveriesOf(webhook.id)).length, 1);
  assert.equal((await deliveriesOf(elsewhere.webhook.id)).length, 0, "an endpoint that did not ask for server.ready gets none");

  assert.equal(await deliverDueWebhooks({ database, settings: settingsWith({}) }), 1);
  assert.equal(receiver.received.length, 1);
  const [request] = receiver.received;
  assert.ok(request);
  assert.equal(request.path, "/hooks/berth");
  assert.equal(request.headers["content-type"], "application/json");
  assert.equal(request.headers["berth-event"], "server.ready");
  assert.equal(checkBillingSignature(secret, request.body, String(request.headers["berth-signature"])), null, "the Berth-Signature verifies with the endpoint's secret");
  assert.equal(checkBillingSignature("whsec_someone-else", request.body, String(request.headers["berth-signature"])), "mismatch");

  const body = JSON.parse(request.body) as { id: string; type: string; createdAt: string; data: { server: { id: string; hostname: string }; customer: { id: string; email: string }; serviceId: string | null } };
  assert.equal(body.type, "server.ready");
  assert.match(body.id, /^evt_/);
  assert.ok(!Number.isNaN(Date.parse(body.createdAt)));
  assert.deepEqual({ server: body.data.server.id, hostname: body.data.server.hostname, customer: body.data.customer.email, serviceId: body.data.serviceId }, { server: server.id, hostname: server.hostname, customer: "a1@webhooks.test", serviceId: null });

  const [delivery] = await deliveriesOf(webhook.id);
  assert.ok(delivery);
  assert.equal(request.headers["berth-delivery"], delivery.id);
  assert.equal(delivery.eventId, body.id);
  assert.deepEqual({ state: delivery.state, attempts: delivery.attempts, responseStatus: delivery.responseStatus, responseBody: delivery.responseBody, error: delivery.error, claimedUntil: delivery.claimedUntil }, { state: "delivered", attempts: 1, responseStatus: 200, responseBody: "ok", error: null, claimedUntil: null });
  assert.ok(delivery.deliveredAt);

  // Nothing is due any more: another sweep sends nothing.
  assert.equal(await deliverDueWebhooks({ database, settings: settingsWith({}) }), 0);
  assert.equal(receiver.received.length, 1);
});

test("an endpoint answering 500 is retried per the schedule, then failed; 'send again' delivers it once it answers 200", async (t) => {
  const longAnswer = `down for maintenance ${"x".repeat(5000)}`;
  const receiver = await startReceiver(t, { status: 500, body: longAnswer });
  const { webhook, secret } = await registerWebhook(t, admin, receiver.url);
  await serverReady();
  const settings = settingsWith({ webhookRetrySeconds: [0.05, 0.05] });

  await sweepUntilSettled(webhook.id, settings);
  const [failed] = await deliveriesOf(webhook.id);
  assert.ok(failed);
  // The first attempt and one after each wait of the schedule.
  assert.deepEqual({ state: failed.state, attempts: failed.attempts, responseStatus: failed.responseStatus, deliveredAt: failed.deliveredAt }, { state: "failed", attempts: 3, responseStatus: 500, deliveredAt: null });
  assert.equal(failed.responseBody?.length, 2048, "only the first 2 KiB of the answer is kept");
  assert.ok(failed.responseBody?.startsWith("down for maintenance"));
  assert.equal(receiver.received.length, 3);
  assert.deepEqual(new Set(receiver.received.map((request) => request.headers["berth-delivery"])), new Set([failed.id]), "every attempt is the same delivery");
  assert.deepEqual(new Set(receiver.received.map((request) => request.body)), new Set([failed.payload]), "every attempt sends the same body");
  const [listed] = await listWebhookDeliveries({ database, actor: admin, webhookId: webhook.id });
  assert.deepEqual({ state: listed?.state, nextAttemptAt: listed?.nextAttemptAt }, { state: "failed", nextAttemptAt: null });

  receiver.answer.status = 200;
  receiver.answer.body = "thanks";
  const resent = await resendWebhookDelivery({ database, actor: admin, deliveryId: failed.id });
  assert.deepEqual({ state: resent.state, attempts: resent.attempts }, { state: "pending", attempts: 0 });
  assert.ok(await database.auditEvent.findFirst({ where: { action: "webhook_delivery.resend", targetId: failed.id, actorId: admin.userId } }), "sending again is audited");

  assert.equal(await deliverDueWebhooks({ database, settings }), 1);
  const delivered = await database.webhookDelivery.findUniqueOrThrow({ where: { id: failed.id } });
  assert.deepEqual({ state: delivered.state, attempts: delivered.attempts, responseStatus: delivered.responseStatus, responseBody: delivered.responseBody }, { state: "delivered", attempts: 1, responseStatus: 200, responseBody: "thanks" });
  assert.equal(receiver.received.length, 4);
  const last = receiver.received.at(-1);
  assert.equal(checkBillingSignature(secret, last?.body ?? "", String(last?.headers["berth-signature"])), null);
});

test("a redirect is an answer like any other: it is not followed", async (t) => {
  const target = await startReceiver(t);
  const redirecting = await startReceiver(t, { status: 302, headers: { Location: target.url } });
  const { webhook } = await registerWebhook(t, admin, redirecting.url);
  await serverReady();
  await deliverDueWebhooks({ database, settings: settingsWith({}) });
  const [delivery] = await deliveriesOf(webhook.id);
  assert.deepEqual({ state: delivery?.state, responseStatus: delivery?.responseStatus }, { state: "pending", responseStatus: 302 });
  assert.equal(target.received.length, 0);
});

test("a network error is recorded as the attempt's error", async (t) => {
  const { webhook } = await registerWebhook(t, admin, `http://127.0.0.1:${await closedPort()}/hooks/berth`);
  await serverReady();
  await deliverDueWebhooks({ database, settings: settingsWith({}) });
  const [delivery] = await deliveriesOf(webhook.id);
  assert.deepEqual({ state: delivery?.state, attempts: delivery?.attempts, responseStatus: delivery?.responseStatus }, { state: "pending", attempts: 1, responseStatus: null });
  assert.match(delivery?.error ?? "", /ECONNREFUSED/);
});

/** A port on 127.0.0.1 that was free a moment ago: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("a reseller's endpoint may not reach loopback or private addresses unless webhookAllowedNetworks covers them", async (t) => {
  const receiver = await startReceiver(t);
  const literal = await registerWebhook(t, resellerA, receiver.url);
  // A host name is resolved at delivery time and every address it has is checked.
  const named = await registerWebhook(t, resellerA, `http://localhost:${receiver.port}/hooks/berth`);
  const ofOtherReseller = await registerWebhook(t, resellerB, receiver.url);
  await serverReady();
  assert.equal((await deliveriesOf(ofOtherReseller.webhook.id)).length, 0, "a reseller hears only of its own customers' servers");

  await deliverDueWebhooks({ database, settings: settingsWith({ webhookRetrySeconds: [0.05, 0.05] }) });
  assert.equal(receiver.received.length, 0, "nothing was sent");
  const [refused] = await deliveriesOf(literal.webhook.id);
  assert.deepEqual({ state: refused?.state, attempts: refused?.attempts, responseStatus: refused?.responseStatus }, { state: "pending", attempts: 1, responseStatus: null });
  assert.match(refused?.error ?? "", /^refused: 127\.0\.0\.1 is a loopback address \(127\.0\.0\.0\/8\)/);
  assert.match((await deliveriesOf(named.webhook.id))[0]?.error ?? "", /^refused: (127\.0\.0\.1|::1) is a loopback address/);
  // Whether localhost also has ::1 depends on this machine's hosts file: only the literal goes on.
  await deleteWebhook({ database, actor: resellerA, webhookId: named.webhook.id });

  await new Promise((resolve) => setTimeout(resolve, 60));
  await deliverDueWebhooks({ database, settings: settingsWith({ webhookAllowedNetworks: ["127.0.0.0/8"] }) });
  const [allowed] = await deliveriesOf(literal.webhook.id);
  assert.deepEqual({ state: allowed?.state, attempts: allowed?.attempts, error: allowed?.error }, { state: "delivered", attempts: 2, error: null });
  assert.equal(receiver.received.length, 1);
});

test("a reseller cannot see, delete or send again another's endpoints and deliveries; customers may not manage any", async (t) => {
  const receiver = await startReceiver(t, { status: 500 });
  const ofA = await registerWebhook(t, resellerA, receiver.url);
  const ofAdmin = await registerWebhook(t, admin, receiver.url);
  await serverReady();
  await deliverDueWebhooks({ database, settings: settingsWith({ webhookRetrySeconds: [60] }) });
  const [deliveryOfA] = await deliveriesOf(ofA.webhook.id);
  assert.ok(deliveryOfA);
  const snapshot = async () => ({
    webhooks: await database.outgoingWebhook.findMany({ orderBy: { id: "asc" } }),
    deliveries: await database.webhookDelivery.findMany({ orderBy: { id: "asc" } }),
  });
  const before = await snapshot();

  for (const [name, outsider] of [["reseller B", resellerB], ["the admin", admin]] as const) {
    assert.ok(!(await listWebhooks({ database, actor: outsider })).some((webhook) => webhook.id === ofA.webhook.id), `${name} does not list A's endpoint`);
    assert.ok(!(await listWebhookDeliveries({ database, actor: outsider })).some((delivery) => delivery.id === deliveryOfA.id), `${name} does not list A's deliveries`);
    await assert.rejects(listWebhookDeliveries({ database, actor: outsider, webhookId: ofA.webhook.id }), isAppError(404, "not_found"));
    await assert.rejects(deleteWebhook({ database, actor: outsider, webhookId: ofA.webhook.id }), isAppError(404, "not_found"));
    await assert.rejects(resendWebhookDelivery({ database, actor: outsider, deliveryId: deliveryOfA.id }), isAppError(404, "not_found"));
  }
  const [deliveryOfAdmin] = await deliveriesOf(ofAdmin.webhook.id);
  assert.ok(deliveryOfAdmin);
  await assert.rejects(resendWebhookDelivery({ database, actor: resellerA, deliveryId: deliveryOfAdmin.id }), isAppError(404, "not_found"));
  await assert.rejects(deleteWebhook({ database, actor: resellerA, webhookId: ofAdmin.webhook.id }), isAppError(404, "not_found"));

  await assert.rejects(createWebhook({ database, actor: customerOfA, encryptionKey, input: { url: receiver.url, events: ["server.ready"] } }), isAppError(403, "forbidden"));
  await assert.rejects(listWebhooks({ database, actor: customerOfA }), isAppError(403, "forbidden"));
  await assert.rejects(resendWebhookDelivery({ database, actor: customerOfA, deliveryId: deliveryOfA.id }), isAppError(403, "forbidden"));
  // An API token limited to some servers may not register an endpoint that hears of all of them.
  await assert.rejects(listWebhooks({ database, actor: { ...resellerA, via: "token", serverIds: ["x"] } }), isAppError(403, "token_server_limited"));
  assert.deepEqual(await snapshot(), before, "nothing the refused calls touched changed");

  // What is one's own: every admin shares the admins' endpoints; a reseller lists and deletes its own.
  const secondAdmin = await createAdmin(database, "second-admin@webhooks.test");
  assert.ok((await listWebhooks({ database, actor: secondAdmin })).some((webhook) => webhook.id === ofAdmin.webhook.id));
  assert.deepEqual((await listWebhookDeliveries({ database, actor: resellerA })).map((delivery) => delivery.id), [deliveryOfA.id]);
  assert.deepEqual(await deleteWebhook({ database, actor: resellerA, webhookId: ofA.webhook.id }), { deleted: ofA.webhook.id });
  assert.equal(await database.webhookDelivery.count({ where: { webhookId: ofA.webhook.id } }), 0, "its deliveries went with it");
  assert.ok(await database.auditEvent.findFirst({ where: { action: "webhook.delete", targetId: ofA.webhook.id, actorId: resellerA.userId, tenantId: resellerA.userId } }));
});

/**
 * A second worker: its own process and database connection, ready to sweep once when told (a
 * line on its stdin), so the test can start both sweeps at the same moment.
 */
async function startSweeperProcess(t: TestContext) {
  const script = `
    const { createDatabase } = await import(${JSON.stringify(path.resolve("lib/database/client.ts"))});
    const { deliverDueWebhooks } = await import(${JSON.stringify(path.resolve("lib/webhooks/deliver-webhooks.ts"))});
    const { loadSettings } = await import(${JSON.stringify(path.resolve("lib/settings.ts"))});
    const database = createDatabase(process.env.BERTH_DATABASE_URL);
    await database.webhookDelivery.count();
    process.stdout.write("ready\\n");
    process.stdin.once("data", async () => {
      const tried = await deliverDueWebhooks({ database, settings: loadSettings() });
      process.stdout.write("tried " + tried + "\\n");
      await database.$disconnect();
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, BERTH_DATABASE_URL: testDatabase.url, BERTH_DATA_DIR: "/nonexistent", BERTH_ENCRYPTION_KEY: encryptionKey },
    stdio: ["pipe", "pipe", "inherit"],
  });
  t.after(() => child.kill());
  let output = "";
  const waiting = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const check of waiting) check();
  });
  /** The first match of the pattern in what the process printed (waiting until it prints it). */
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (!match) return;
        waiting.delete(check);
        resolve(match[0]);
      };
      waiting.add(check);
      child.once("exit", (code) => reject(new Error(`the sweeper process exited (${code}) before printing ${pattern}`)));
      check();
    });
  await printed(/ready/);
  return {
    async sweep(): Promise<number> {
      child.stdin.write("go\n");
      return Number((await printed(/tried (\d+)/)).split(" ")[1]);
    },
  };
}

test("two workers sweeping at once (two processes, two connections) send each delivery once", async (t) => {
  const receiver = await startReceiver(t, { status: 200, body: "ok", delayMs: 100 });
  const { webhook } = await registerWebhook(t, admin, receiver.url);
  for (let event = 0; event < 8; event += 1) await serverReady();
  const otherWorker = await startSweeperProcess(t);

  const tried = await Promise.all([deliverDueWebhooks({ database, settings: settingsWith({}) }), otherWorker.sweep()]);
  assert.equal(tried[0] + tried[1], 8, `this worker tried ${tried[0]}, the other ${tried[1]}`);
  assert.equal(receiver.received.length, 8);
  assert.equal(new Set(receiver.received.map((request) => request.headers["berth-delivery"])).size, 8, "no delivery was sent twice");
  assert.deepEqual((await deliveriesOf(webhook.id)).map((delivery) => [delivery.state, delivery.attempts]), Array(8).fill(["delivered", 1]));
});

test("a bad URL or unknown event type is a 400 naming the field, and nothing is written", async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ url: "ftp://billing.example.com/hooks", events: ["server.ready"] }, /^url: must start with http:\/\/ or https:\/\//],
    [{ url: "https://user:secret@billing.example.com/hooks", events: ["server.ready"] }, /^url: must not contain a user name or password/],
    [{ url: "billing.example.com/hooks", events: ["server.ready"] }, /^url: must be an absolute URL/],
    [{ url: `https://billing.example.com/${"a".repeat(2048)}`, events: ["server.ready"] }, /^url: at most 2048 characters/],
    [{ events: ["server.ready"] }, /^url: /],
    [{ url: "https://billing.example.com/hooks", events: ["server.exploded"] }, /^events\.0: must be one of server\.ready, /],
    [{ url: "https://billing.example.com/hooks", events: [] }, /^events: choose at least one event/],
    [{ url: "https://billing.example.com/hooks" }, /^events: /],
  ];
  const before = await database.outgoingWebhook.count();
  for (const [input, message] of cases) {
    await assert.rejects(createWebhook({ database, actor: resellerA, encryptionKey, input }), (error: unknown) => {
      assert.ok(isAppError(400, "invalid_request")(error));
      assert.match((error as Error).message, message);
      return true;
    });
  }
  assert.equal(await database.outgoingWebhook.count(), before);
});

test(`an owner may have ${webhookLimit} endpoints; another is 409 webhook_limit`, async (t) => {
  for (let index = 0; index < webhookLimit; index += 1) await registerWebhook(t, resellerB, `https://billing.example.com/hooks/${index}`);
  await assert.rejects(createWebhook({ database, actor: resellerB, encryptionKey, input: { url: "https://billing.example.com/hooks/one-more", events: ["server.ready"] } }), isAppError(409, "webhook_limit"));
  assert.equal(await database.outgoingWebhook.count({ where: { ownerId: resellerB.userId } }), webhookLimit);
  // Another owner's count is its own.
  await registerWebhook(t, resellerA, "https://billing.example.com/hooks/a");
});
