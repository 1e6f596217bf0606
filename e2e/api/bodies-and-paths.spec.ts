import { expect, test, type APIResponse } from "@playwright/test";
import { signBillingPayload } from "../../lib/billing/signature";
import { seedCaller, stackDatabase } from "../support/stack-database";

// Oversized bodies, undecodable paths and unknown API routes all answer a 4xx in the one JSON
// error shape, never a plain-text 500 or the panel's HTML page or sign-in redirect.

type Caller = Awaited<ReturnType<typeof seedCaller>>;
let customer: Caller;

test.beforeAll(async () => {
  customer = await seedCaller("customer");
});

async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
}

test("an API body over 1 MiB is refused with 413 and nothing is ordered", async ({ request }) => {
  const orders = await stackDatabase().order.count({ where: { customerId: customer.user.id } });
  const data = Buffer.from(JSON.stringify({ plan: "small", template: "busybox", hostname: "big", padding: "x".repeat(1024 * 1024) }));
  await expectError(await request.post("/api/v1/servers", { headers: { ...customer.headers, "Content-Type": "application/json" }, data }), 413, "payload_too_large");
  expect(await stackDatabase().order.count({ where: { customerId: customer.user.id } })).toBe(orders);
  // Just under the cap is read and judged as usual (here: a bad plan).
  const small = Buffer.from(JSON.stringify({ plan: "no-such-plan", template: "busybox", hostname: "small", padding: "x".repeat(1000) }));
  expect((await request.post("/api/v1/servers", { headers: { ...customer.headers, "Content-Type": "application/json" }, data: small })).status()).toBe(422);
});

test("a billing webhook body over 256 KiB is refused with 413 before it is parsed", async ({ request }) => {
  const secret = process.env.BERTH_BILLING_SECRET;
  test.skip(!secret, "BERTH_BILLING_SECRET is not set");
  const raw = JSON.stringify({ id: "evt_big", type: "service.terminate", data: { serviceId: "x", padding: "x".repeat(300 * 1024) } });
  const headers = { "Content-Type": "application/json", "Berth-Signature": signBillingPayload(secret!, raw) };
  await expectError(await request.post("/api/webhooks/billing", { headers, data: Buffer.from(raw) }), 413, "payload_too_large");
});

test("an /api/ path that cannot be decoded is a 400 invalid_path, signed in or not", async ({ request }) => {
  for (const path of ["/api/v1/servers/%ZZ", "/api/v1/servers/%C3%28", "/api/v1/jobs/%E0%A4%A", "/api/%ZZ", "/api/servers/%ZZ/activity"]) {
    await expectError(await request.get(path, { maxRedirects: 0 }), 400, "invalid_path");
    await expectError(await request.get(path, { headers: customer.headers, maxRedirects: 0 }), 400, "invalid_path");
  }
  await expectError(await request.post("/api/v1/servers/%ZZ/actions", { headers: customer.headers, data: { type: "start" }, maxRedirects: 0 }), 400, "invalid_path");
  await expectError(await request.delete("/api/v1/servers/%ZZ", { headers: customer.headers, maxRedirects: 0 }), 400, "invalid_path");
  await expectError(await request.post("/api/webhooks/billing/%ZZ", { data: {}, maxRedirects: 0 }), 400, "invalid_path");
  // A path whose escapes decode is routed as usual, not sent to /signin.
  await expectError(await request.get("/api/v1/servers/no%2Dsuch", { headers: customer.headers, maxRedirects: 0 }), 404, "not_found");
  await expectError(await request.get("/api/v1/servers/no%2Dsuch", { maxRedirects: 0 }), 401, "unauthenticated");
});

test("an unknown /api/ route is a 404 in the JSON error shape", async ({ request }) => {
  await expectError(await request.get("/api/v1/nope", { maxRedirects: 0 }), 404, "not_found");
  await expectError(await request.get("/api/v1/servers/abc/nope", { headers: customer.headers, maxRedirects: 0 }), 404, "not_found");
  await expectError(await request.post("/api/nothing/here", { data: {}, maxRedirects: 0 }), 404, "not_found");
  await expectError(await request.delete("/api/v2/servers/1", { maxRedirects: 0 }), 404, "not_found");
  await expectError(await request.put("/api/v1/unknown", { data: {}, maxRedirects: 0 }), 404, "not_found");
  await expectError(await request.patch("/api/v1/unknown", { data: {}, maxRedirects: 0 }), 404, "not_found");
});
