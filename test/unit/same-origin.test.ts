import assert from "node:assert/strict";
import { test } from "node:test";
import { isSafeMethod, isSameOrigin } from "../../lib/http/same-origin";

function request(headers: Record<string, string>, url = "http://panel.example:3000/api/servers/1/actions") {
  return new Request(url, { method: "POST", headers });
}

test("a POST whose Origin names this host is same-origin", () => {
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", origin: "http://panel.example:3000" })), true);
  // Behind a TLS proxy the panel sees http but the browser says https: only the host is compared.
  assert.equal(isSameOrigin(request({ host: "127.0.0.1:3000", "x-forwarded-host": "panel.example", origin: "https://panel.example" })), true);
  assert.equal(isSameOrigin(request({ host: "PANEL.example:3000", origin: "http://panel.EXAMPLE:3000" })), true);
});

test("another site's Origin, a different port or a null Origin is refused", () => {
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", origin: "https://evil.example" })), false);
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", origin: "http://panel.example:4000" })), false);
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", origin: "http://panel.example.evil.example:3000" })), false);
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", origin: "null" })), false);
  // X-Forwarded-Host wins over Host, as it does for Next.js's own server-action check.
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", "x-forwarded-host": "proxy.example", origin: "http://panel.example:3000" })), false);
});

test("without Origin the Referer decides; with neither the request is refused", () => {
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", referer: "http://panel.example:3000/servers/1" })), true);
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", referer: "https://evil.example/page" })), false);
  assert.equal(isSameOrigin(request({ host: "panel.example:3000" })), false);
  // An Origin that is present but unusable is not overruled by a matching Referer.
  assert.equal(isSameOrigin(request({ host: "panel.example:3000", origin: "null", referer: "http://panel.example:3000/" })), false);
});

test("only methods that change something are checked", () => {
  for (const method of ["GET", "HEAD", "OPTIONS", "get"]) assert.equal(isSafeMethod(method), true, method);
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) assert.equal(isSafeMethod(method), false, method);
});
