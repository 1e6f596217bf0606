import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { resellerEndpointSecret } from "../../lib/billing/billing-endpoint";
import { signBillingPayload } from "../../lib/billing/signature";
import { loadEnvironment } from "../../lib/load-environment";
import { loadSettings } from "../../lib/settings";
import { seedUser, stackDatabase } from "../support/stack-database";

test.describe.configure({ mode: "serial" });

const adminSecret = () => {
  const secret = process.env.BERTH_BILLING_SECRET;
  if (!secret) throw new Error("BERTH_BILLING_SECRET is not set");
  return secret;
};
const eventId = () => `evt_${randomBytes(6).toString("hex")}`;
const serviceId = `svc-${randomBytes(4).toString("hex")}`;
const customerEmail = `billing-${randomBytes(3).toString("hex")}@e2e.test`;

function send(request: APIRequestContext, body: unknown, options: { secret?: string; path?: string; signature?: string | null; timestamp?: number } = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const signature = options.signature === undefined ? signBillingPayload(options.secret ?? adminSecret(), raw, options.timestamp) : options.signature;
  if (signature !== null) headers["Berth-Signature"] = signature;
  // A Buffer is sent byte for byte; a string body could be re-encoded and break the signature.
  return request.post(options.path ?? "/api/webhooks/billing", { headers, data: Buffer.from(raw) });
}

const createEvent = (id = eventId(), service = serviceId) => ({
  id,
  type: "service.create",
  data: { serviceId: service, customer: { email: customerEmail, name: "Billing Customer" }, plan: "small", hostname: "billed", template: "busybox" },
});

async function waitForServer(serverId: string, status: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const server = await stackDatabase().server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
    if (server.status === status && server.activeJobId === null) return server;
    if (Date.now() > deadline) throw new Error(`server ${serverId} is ${server.status}, not ${status} (${server.statusMessage})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const orderCount = () => stackDatabase().order.count();
let serverId: string;

test("bad, missing or stale signatures are 401 and nothing happens", async ({ request }) => {
  const before = await orderCount();
  const event = createEvent();
  for (const [signature, message] of [
    [null, /missing/],
    ["t=1,v1=zz", /must be/],
    [signBillingPayload("wrong-secret", JSON.stringify(event)), /does not match/],
    [signBillingPayload(adminSecret(), JSON.stringify(event), Math.floor(Date.now() / 1000) - 301), /300 seconds/],
  ] as const) {
    const response = await send(request, event, { signature });
    expect(response.status()).toBe(401);
    const body = await response.json();
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.message).toMatch(message);
  }
  expect(await orderCount()).toBe(before);
  expect(await stackDatabase().webhookEvent.count({ where: { eventId: event.id } })).toBe(0);
});

test("malformed bodies are 400 naming the field", async ({ request }) => {
  const before = await orderCount();
  const cases: Array<[unknown, RegExp]> = [
    ["{not json", /^body/],
    [{ type: "service.create", data: {} }, /^id/],
    [{ id: eventId(), type: "service.explode", data: { serviceId } }, /^type/],
    [{ ...createEvent(), data: { ...createEvent().data, hostname: "not a hostname" } }, /^data\.hostname/],
    [{ ...createEvent(), data: { ...createEvent().data, customer: { email: "nope", name: "x" } } }, /^data\.customer\.email/],
    [{ id: eventId(), type: "service.suspend", data: {} }, /^data\.serviceId/],
  ];
  for (const [body, field] of cases) {
    const response = await send(request, body);
    expect(response.status(), JSON.stringify(body)).toBe(400);
    expect((await response.json()).error.message).toMatch(field);
  }
  expect(await orderCount()).toBe(before);
});

test("service.create answers 202 with job and server, creates the customer and a running VPS", async ({ request }) => {
  const response = await send(request, createEvent());
  expect(response.status()).toBe(202);
  const body = await response.json();
  expect(body).toEqual({ jobId: expect.any(String), serverId: expect.any(String) });
  serverId = body.serverId;
  const customer = await stackDatabase().user.findUniqueOrThrow({ where: { email: customerEmail } });
  expect(customer.role).toBe("customer");
  const server = await waitForServer(serverId, "running");
  expect(server.ownerId).toBe(customer.id);
});

test("the same event again, even many at once, answers the same and has no second effect", async ({ request }) => {
  const before = await orderCount();
  const event = createEvent(eventId(), `svc-${randomBytes(4).toString("hex")}`);
  const responses = await Promise.all(Array.from({ length: 5 }, () => send(request, event)));
  const bodies = await Promise.all(responses.map((response) => response.json()));
  expect(responses.map((response) => response.status())).toEqual([202, 202, 202, 202, 202]);
  for (const body of bodies) expect(body).toEqual(bodies[0]);
  const replay = await send(request, event);
  expect(await replay.json()).toEqual(bodies[0]);
  expect(await orderCount()).toBe(before + 1);
  await waitForServer(bodies[0].serverId, "running");
});

test("a second service.create for an existing service is 409", async ({ request }) => {
  const before = await orderCount();
  const response = await send(request, createEvent(eventId(), serviceId));
  expect(response.status()).toBe(409);
  expect((await response.json()).error.code).toBe("service_exists");
  expect(await orderCount()).toBe(before);
});

test("events for an unknown serviceId are 404", async ({ request }) => {
  const response = await send(request, { id: eventId(), type: "service.suspend", data: { serviceId: "svc-never-created" } });
  expect(response.status()).toBe(404);
  expect((await response.json()).error.message).toMatch(/^data\.serviceId/);
});

test("suspend, unsuspend, change_plan and terminate drive the server", async ({ request }) => {
  const sendFor = async (type: string, extra: Record<string, unknown> = {}) => {
    const response = await send(request, { id: eventId(), type, data: { serviceId, ...extra } });
    expect(response.status(), type).toBe(202);
    expect((await response.json()).serverId).toBe(serverId);
  };
  await sendFor("service.suspend", { reason: "invoice overdue" });
  expect((await waitForServer(serverId, "suspended")).suspended).toBe(true);
  await sendFor("service.unsuspend");
  await waitForServer(serverId, "running");
  await sendFor("service.change_plan", { plan: "medium" });
  const resized = await waitForServer(serverId, "running");
  expect(resized.plan.slug).toBe("medium");
  await sendFor("service.terminate");
  await waitForServer(serverId, "terminated");
  expect(await stackDatabase().ipAddress.count({ where: { serverId } })).toBe(0);
});

test("a reseller's endpoint takes only its own secret and puts new customers under the reseller", async ({ request }) => {
  const reseller = await seedUser("reseller");
  // A reseller sells from its quota and only the plans it offers.
  const small = await stackDatabase().plan.findUniqueOrThrow({ where: { slug: "small" } });
  await stackDatabase().resellerQuota.create({ data: { resellerId: reseller.id, maxServers: 2, maxVcpus: 4, maxMemoryMb: 4096, maxDiskMb: 8192, maxIpv4: 2 } });
  await stackDatabase().resellerPlan.create({ data: { resellerId: reseller.id, planId: small.id } });
  const { endpointId, secret } = await resellerEndpointSecret(stackDatabase(), reseller.id, await encryptionKey());
  const path = `/api/webhooks/billing/${endpointId}`;
  const email = `reseller-customer-${randomBytes(3).toString("hex")}@e2e.test`;
  const event = { ...createEvent(eventId(), "r-svc-1"), data: { ...createEvent().data, serviceId: "r-svc-1", customer: { email, name: "R Customer" } } };

  expect((await send(request, event, { path, secret: adminSecret() })).status()).toBe(401);
  expect((await send(request, event, { path: "/api/webhooks/billing/no-such-endpoint", secret })).status()).toBe(401);
  const response = await send(request, event, { path, secret });
  expect(response.status()).toBe(202);
  const customer = await stackDatabase().user.findUniqueOrThrow({ where: { email } });
  expect(customer.resellerId).toBe(reseller.id);
  const { serverId: resellerServerId } = await response.json();
  await waitForServer(resellerServerId, "running");
  // Service ids are per endpoint: the admin endpoint does not know this one.
  expect((await send(request, { id: eventId(), type: "service.terminate", data: { serviceId: "r-svc-1" } })).status()).toBe(404);
  expect((await send(request, { id: eventId(), type: "service.terminate", data: { serviceId: "r-svc-1" } }, { path, secret })).status()).toBe(202);
  await waitForServer(resellerServerId, "terminated");
});

test("the admin's endpoint never adopts a reseller's customer: 409 customer_conflict and nothing written", async ({ request }) => {
  const reseller = await seedUser("reseller");
  // The reseller pre-created the address the admin's billing system orders for.
  const victim = await seedUser("customer", { resellerId: reseller.id });
  const base = createEvent(eventId(), `adopt-${randomBytes(3).toString("hex")}`);
  const event = { ...base, data: { ...base.data, customer: { email: victim.email, name: "Victim" } } };
  const response = await send(request, event);
  expect(response.status()).toBe(409);
  expect((await response.json()).error.code).toBe("customer_conflict");
  expect(await stackDatabase().order.count({ where: { customerId: victim.id } })).toBe(0);
});

async function encryptionKey(): Promise<string> {
  loadEnvironment();
  return loadSettings().encryptionKey;
}
