import { expect, test, type Locator, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Actor } from "../lib/access/actor";
import { checkBillingSignature } from "../lib/billing/signature";
import { createReseller } from "../lib/resellers/create-reseller";
import { seedCaller, stackDatabase, terminateServers } from "./support/stack-database";
import { signInWith } from "./support/panel";

/*
 * Outgoing webhooks against the full stack: a reseller registers two endpoints for server.ready
 * in the panel, both real HTTP servers started here on 127.0.0.1 (which the e2e stack allows
 * resellers through BERTH_WEBHOOK_ALLOWED_NETWORKS). Its customer orders a server; the worker
 * sends server.ready, signed with each endpoint's secret. The endpoint answering 500 is retried
 * on the e2e stack's short schedule (1 s, 2 s), shown as failed, and "Send again" delivers it once
 * it answers 200. Endpoints, the server and the receivers are removed afterwards.
 */

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real endpoint: keeps what it receives, answers with `status` (changeable). */
async function startReceiver(status: number) {
  const received: Received[] = [];
  const answer = { status };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(answer.status, { "Content-Type": "text/plain" }).end(answer.status === 200 ? "thanks" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    answer,
    url: `http://127.0.0.1:${port}/berth-events`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const suffix = randomBytes(4).toString("hex");
const resellerEmail = `hooks-reseller-${suffix}@e2e.test`;
const resellerPassword = `pw-${randomBytes(9).toString("base64url")}`;
let customer: Awaited<ReturnType<typeof seedCaller>>;
let healthy: Receiver;
let flaky: Receiver;
const serverIds: string[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const database = stackDatabase();
  const admin = await database.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) throw new Error("the e2e stack has no admin user");
  const actor: Actor = { userId: admin.id, role: "admin", via: "cli" };
  const { reseller } = await createReseller({
    database,
    actor,
    input: { email: resellerEmail, name: `Hooks ${suffix}`, password: resellerPassword, quota: { maxServers: 2, maxVcpus: 2, maxMemoryMb: 2048, maxDiskMb: 8192, maxIpv4: 2 }, plans: ["small"] },
  });
  customer = await seedCaller("customer", { resellerId: reseller.id });
  healthy = await startReceiver(200);
  flaky = await startReceiver(500);
});

test.afterAll(async ({ request }) => {
  const database = stackDatabase();
  const reseller = await database.user.findUnique({ where: { email: resellerEmail } });
  // Deleted first, so terminating the server sends nothing more to receivers about to close.
  if (reseller) await database.outgoingWebhook.deleteMany({ where: { ownerId: reseller.id } });
  if (customer) await terminateServers(request, customer.headers, serverIds);
  await healthy?.close();
  await flaky?.close();
});

/** Adds an endpoint for server.ready on the settings page; its secret, shown once. */
async function addEndpoint(page: Page, url: string): Promise<string> {
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByTestId("webhook-event-server.ready").check();
  await page.getByTestId("webhook-create").click();
  const created = page.getByTestId("webhook-created");
  await expect(created).toContainText(url);
  const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_/);
  await created.getByRole("button", { name: "I have copied it" }).click();
  await expect(created).toBeHidden();
  return secret;
}

/** Waits until the receiver has been sent `count` requests. */
async function receivedAtLeast(receiver: Receiver, count: number, timeout: number) {
  await expect.poll(() => receiver.received.length, { timeout }).toBeGreaterThanOrEqual(count);
}

/** The delivery row of one endpoint, read after reloading the page until it shows `state`. */
async function deliveryRowShowing(page: Page, webhookUrl: string, state: string): Promise<Locator> {
  const row = page.getByTestId("delivery-row").filter({ hasText: webhookUrl });
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId("delivery-state")).toHaveText(state, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  return row;
}

function expectSignedServerReady(received: Received | undefined, secret: string, serverId: string) {
  expect(received, "the endpoint was sent a request").toBeTruthy();
  const { headers, body } = received as Received;
  expect(headers["content-type"]).toBe("application/json");
  expect(headers["berth-event"]).toBe("server.ready");
  expect(headers["berth-delivery"]).toBeTruthy();
  expect(checkBillingSignature(secret, body, String(headers["berth-signature"])), "Berth-Signature verifies with the endpoint's secret").toBeNull();
  const event = JSON.parse(body) as { id: string; type: string; data: { server: { id: string; status: string }; customer: { email: string } } };
  expect(event.type).toBe("server.ready");
  expect(event.id).toMatch(/^evt_/);
  expect(event.data.server.id).toBe(serverId);
  expect(event.data.server.status).toBe("running");
  expect(event.data.customer.email).toBe(customer.user.email);
  return event;
}

test("a reseller's endpoints receive server.ready signed; a failing one is retried, shown as failed, and 'Send again' delivers it", async ({ page, request }) => {
  test.setTimeout(240_000);
  await signInWith(page, resellerEmail, resellerPassword);
  await page.getByRole("link", { name: "Outgoing webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Outgoing webhooks" })).toBeVisible();

  const healthySecret = await addEndpoint(page, healthy.url);
  const flakySecret = await addEndpoint(page, flaky.url);
  await expect(page.getByTestId("webhook-row")).toHaveCount(2);

  let serverId = "";
  await test.step("the customer orders a server, and both endpoints are sent server.ready", async () => {
    const response = await request.post("/api/v1/servers", { headers: customer.headers, data: { plan: "small", template: "busybox", hostname: `hooks-${suffix}` } });
    expect(response.status(), await response.text()).toBe(202);
    serverId = ((await response.json()) as { server: { id: string } }).server.id;
    serverIds.push(serverId);
    await receivedAtLeast(healthy, 1, 150_000);
    const event = expectSignedServerReady(healthy.received[0], healthySecret, serverId);
    await receivedAtLeast(flaky, 1, 10_000);
    const flakyEvent = expectSignedServerReady(flaky.received[0], flakySecret, serverId);
    expect(flakyEvent.id, "one event, one id at every endpoint").toBe(event.id);
  });

  await test.step("the panel shows the healthy endpoint's delivery as delivered with its answer", async () => {
    const row = await deliveryRowShowing(page, healthy.url, "delivered");
    await expect(row).toContainText("server.ready");
    await expect(row.getByTestId("delivery-attempts")).toHaveText("1");
    await expect(row.getByTestId("delivery-status")).toHaveText("HTTP 200");
    await expect(row.getByTestId("delivery-answer")).toContainText("thanks");
  });

  await test.step("the endpoint answering 500 is tried again on the schedule, then shown as failed", async () => {
    // The first attempt and one after each of the e2e stack's waits (1 s, 2 s).
    const row = await deliveryRowShowing(page, flaky.url, "failed");
    await expect(row.getByTestId("delivery-attempts")).toHaveText("3");
    await expect(row.getByTestId("delivery-status")).toHaveText("HTTP 500");
    await expect(row.getByTestId("delivery-answer")).toContainText("receiver is down");
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((received) => received.headers["berth-delivery"])).size, "every attempt is the same delivery").toBe(1);
  });

  await test.step("once it answers 200, 'Send again' delivers it", async () => {
    flaky.answer.status = 200;
    const row = page.getByTestId("delivery-row").filter({ hasText: flaky.url });
    await row.getByTestId("delivery-resend").click();
    // The page follows a pending delivery by itself.
    await expect(row.getByTestId("delivery-state")).toHaveText("delivered", { timeout: 30_000 });
    await expect(row.getByTestId("delivery-attempts")).toHaveText("1");
    await expect(row.getByTestId("delivery-status")).toHaveText("HTTP 200");
    expect(flaky.received).toHaveLength(4);
    expectSignedServerReady(flaky.received[3], flakySecret, serverId);
  });

  await test.step("the healthy endpoint was sent the event once", async () => {
    expect(healthy.received).toHaveLength(1);
  });
});
