import assert from "node:assert/strict";
import { test } from "node:test";
import { billingWebhookResponse } from "../../lib/billing/billing-route";
import { signBillingPayload } from "../../lib/billing/signature";
import { AppError } from "../../lib/errors";
import { readJsonBody } from "../../lib/http/error-response";
import { apiBodyLimitBytes, readBodyText, webhookBodyLimitBytes } from "../../lib/http/read-body-text";

const chunkBytes = 64 * 1024;

/** A real request body streamed in 64 KiB chunks of `[1,1,...]` JSON, counting what was pulled. */
function streamedRequest(totalBytes: number, headers: Record<string, string> = {}, url = "http://panel.example/api/v1/servers") {
  const pulled = { bytes: 0 };
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      const chunk = new Uint8Array(size).fill(0x31);
      if (sent === 0) chunk[0] = 0x5b; // "["
      sent += size;
      pulled.bytes = sent;
      controller.enqueue(chunk);
    },
  });
  const request = new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { request, pulled };
}

const isTooLarge = (error: unknown) => error instanceof AppError && error.status === 413 && error.code === "payload_too_large";

test("an API body streamed past 1 MiB is refused with 413 while reading, before any parsing", async () => {
  const { request, pulled } = streamedRequest(8 * apiBodyLimitBytes);
  await assert.rejects(readJsonBody(request), isTooLarge);
  // Reading stopped at the cap: the rest of the stream was never pulled.
  assert.ok(pulled.bytes <= apiBodyLimitBytes + 2 * chunkBytes, `pulled ${pulled.bytes} bytes`);
});

test("a Content-Length above the cap is refused without reading a byte", async () => {
  const { request, pulled } = streamedRequest(2 * apiBodyLimitBytes, { "content-length": String(2 * apiBodyLimitBytes) });
  await assert.rejects(readBodyText({ request, limitBytes: apiBodyLimitBytes }), isTooLarge);
  assert.ok(pulled.bytes <= chunkBytes, `pulled ${pulled.bytes} bytes`);
});

test("bodies up to the cap are read as before", async () => {
  const body = JSON.stringify({ plan: "small", hostname: "x".repeat(apiBodyLimitBytes - 100) });
  assert.equal(Buffer.byteLength(body) <= apiBodyLimitBytes, true);
  const parsed = (await readJsonBody(new Request("http://panel.example/api/v1/servers", { method: "POST", body }))) as { plan: string };
  assert.equal(parsed.plan, "small");
  assert.deepEqual(await readJsonBody(new Request("http://panel.example/api/v1/servers", { method: "POST" })), {});
  await assert.rejects(readJsonBody(new Request("http://panel.example/x", { method: "POST", body: "{" })), (error) => error instanceof AppError && error.code === "invalid_json");
});

const endpoint = async () => ({ key: "admin", secret: "whsec_test", owner: { id: "admin-id", role: "admin" as const } });

test("a billing webhook body past 256 KiB gets 413 in the JSON error shape before the signature is checked", async () => {
  const { request, pulled } = streamedRequest(4 * webhookBodyLimitBytes, { "berth-signature": signBillingPayload("whsec_test", "anything") }, "http://panel.example/api/webhooks/billing");
  const response = await billingWebhookResponse(request, endpoint);
  assert.equal(response.status, 413);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "payload_too_large");
  assert.ok(pulled.bytes <= webhookBodyLimitBytes + 2 * chunkBytes, `pulled ${pulled.bytes} bytes`);
});

test("a billing webhook call without a usable signature header is refused before its body is read", async () => {
  for (const signature of [null, "t=1,v1=zz", `t=${Math.floor(Date.now() / 1000) - 3600},v1=${"0".repeat(64)}`]) {
    const { request, pulled } = streamedRequest(webhookBodyLimitBytes / 2, signature ? { "berth-signature": signature } : {}, "http://panel.example/api/webhooks/billing");
    const response = await billingWebhookResponse(request, endpoint);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, "unauthenticated");
    assert.equal(pulled.bytes <= chunkBytes, true, `pulled ${pulled.bytes} bytes for ${signature}`);
  }
});
