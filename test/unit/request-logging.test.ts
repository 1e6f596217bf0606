import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createLogger } from "../../lib/logging/logger";
import { withRequestLogging } from "../../lib/logging/request-logging";

// The panel server's per-request wrapper on a real HTTP server: the id it gives each request, the
// header that echoes it, and the log lines of the handler and of the answer that name it.

const lines: Array<Record<string, unknown>> = [];
const log = createLogger({ service: "panel", level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
let server: Server;
let url: string;

before(async () => {
  server = createServer(
    withRequestLogging(log, async (request, response) => {
      if (request.url === "/broken") throw new Error("handler broke");
      await new Promise((resolve) => setTimeout(resolve, 5)); // the id must survive the handler's awaits
      log.info({ seenHeader: request.headers["x-request-id"] }, "inside the handler");
      response.end("ok");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The log lines of one request, once its "request" line has been written. */
async function linesOf(requestId: string) {
  for (let attempt = 0; attempt < 50 && !lines.some((line) => line.requestId === requestId && line.msg === "request"); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines.filter((line) => line.requestId === requestId);
}

test("a request without an id gets one: echoed, given to the handler, on its log lines", async () => {
  const response = await fetch(`${url}/api/v1/servers?token=secret`);
  assert.equal(await response.text(), "ok");
  const requestId = response.headers.get("x-request-id") ?? "";
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  const [inside, answered] = await linesOf(requestId);
  assert.equal(inside?.msg, "inside the handler");
  assert.equal(inside?.seenHeader, requestId);
  assert.equal(answered?.msg, "request");
  assert.equal(answered?.status, 200);
  assert.equal(answered?.path, "/api/v1/servers", "no query string in the log");
  assert.equal(answered?.service, "panel");
});

test("a well-formed X-Request-Id from a proxy is kept; a malformed one is replaced", async () => {
  const kept = await fetch(`${url}/`, { headers: { "X-Request-Id": "edge-42.abc" } });
  assert.equal(kept.headers.get("x-request-id"), "edge-42.abc");
  assert.equal((await linesOf("edge-42.abc")).length, 2);
  const replaced = await fetch(`${url}/`, { headers: { "X-Request-Id": "bad id with spaces" } });
  assert.match(replaced.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
});

test("a handler that throws is a 500 and an error line naming the request", async () => {
  const response = await fetch(`${url}/broken`);
  assert.equal(response.status, 500);
  const requestId = response.headers.get("x-request-id") ?? "";
  const failed = (await linesOf(requestId)).find((line) => line.msg === "request failed");
  assert.equal(failed?.level, "error");
  assert.match(String((failed?.err as { message?: string } | undefined)?.message), /handler broke/);
});
