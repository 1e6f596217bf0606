import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test, type TestContext } from "node:test";
import { keptAnswerBytes, postWebhook } from "../../lib/webhooks/post-webhook";

async function listen(t: TestContext, handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

const loopback = [{ address: "127.0.0.1", family: 4 }];

test("the request goes to the checked addresses only, never to a second DNS answer, under the URL's own host name", async (t) => {
  let host = "";
  const port = await listen(t, (request, response) => {
    host = request.headers.host ?? "";
    response.end("ok");
  });
  // The name does not resolve at all: only the pinned address can have been used.
  const answer = await postWebhook({ url: `http://rebinding.invalid:${port}/hook`, body: "{}", headers: {}, addresses: loopback, timeoutMs: 2000 });
  assert.deepEqual(answer, { status: 200, body: "ok" });
  assert.equal(host, `rebinding.invalid:${port}`);
});

test(`only the first ${keptAnswerBytes} bytes of an answer are kept`, async (t) => {
  const port = await listen(t, (_request, response) => response.writeHead(500).end("e".repeat(100_000)));
  const answer = await postWebhook({ url: `http://127.0.0.1:${port}/`, body: "{}", headers: {}, addresses: loopback, timeoutMs: 2000 });
  assert.equal(answer.status, 500);
  assert.equal(answer.body, "e".repeat(keptAnswerBytes));
});

test("an endpoint that does not answer in time is given up", async (t) => {
  const port = await listen(t, () => undefined);
  await assert.rejects(postWebhook({ url: `http://127.0.0.1:${port}/`, body: "{}", headers: {}, addresses: loopback, timeoutMs: 200 }), /^Error: no answer within 0.2 s$/);
});
