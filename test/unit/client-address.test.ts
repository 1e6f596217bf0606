import assert from "node:assert/strict";
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { clientAddress, clientAddressOfHeaderRecord, proxyMatcher } from "../../lib/http/client-address";
import { stampPeerAddress } from "../../lib/http/stamp-peer-address";
import { trustedProxies } from "../../lib/settings";

/*
 * One function decides the caller's address: the TCP peer the panel's server stamped, and only
 * behind a trusted proxy (BERTH_TRUSTED_PROXIES) the right-most X-Forwarded-For hop that is not
 * itself a trusted proxy. Whatever a client writes into a header cannot choose its address.
 */

const none = proxyMatcher([]);
const proxies = proxyMatcher(trustedProxies({ BERTH_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7, 2001:db8:1::/48" }));
const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

test("without trusted proxies the address is the peer, whatever X-Forwarded-For or X-Real-IP say", () => {
  const forged = { "x-berth-peer": "203.0.113.9", "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" };
  assert.equal(clientAddress(headers(forged), none), "203.0.113.9");
  assert.equal(clientAddress(headers({ "x-berth-peer": "::ffff:203.0.113.9" }), none), "203.0.113.9", "an IPv4 peer on a dual-stack socket");
  assert.equal(clientAddress(headers({ "x-berth-peer": "2001:DB8::5" }), none), "2001:db8::5");
  // A request that did not come through the panel's server has no address, not a header's word.
  assert.equal(clientAddress(headers({ "x-forwarded-for": "198.51.100.1" }), none), null);
  assert.equal(clientAddress(headers({ "x-berth-peer": "not-an-address" }), none), null);
});

test("an untrusted peer's X-Forwarded-For is ignored even when proxies are configured", () => {
  assert.equal(clientAddress(headers({ "x-berth-peer": "203.0.113.9", "x-forwarded-for": "10.1.1.1, 192.0.2.7" }), proxies), "203.0.113.9");
});

test("behind a trusted proxy the right-most hop that is not a trusted proxy is the client", () => {
  // The client forged "198.51.100.1"; the proxy appended the address it saw, 203.0.113.50.
  assert.equal(clientAddress(headers({ "x-berth-peer": "10.0.0.2", "x-forwarded-for": "198.51.100.1, 203.0.113.50" }), proxies), "203.0.113.50");
  // Two trusted proxies in a row (a CDN and a load balancer) are skipped.
  assert.equal(clientAddress(headers({ "x-berth-peer": "192.0.2.7", "x-forwarded-for": "198.51.100.1,203.0.113.50, 10.9.9.9" }), proxies), "203.0.113.50");
  assert.equal(clientAddress(headers({ "x-berth-peer": "2001:db8:1::3", "x-forwarded-for": "2001:db8:2::8" }), proxies), "2001:db8:2::8");
  // No header: the proxy itself; every hop trusted: the left-most; garbage: the nearest proxy that reported it.
  assert.equal(clientAddress(headers({ "x-berth-peer": "10.0.0.2" }), proxies), "10.0.0.2");
  assert.equal(clientAddress(headers({ "x-berth-peer": "10.0.0.2", "x-forwarded-for": "10.0.0.3, 10.0.0.4" }), proxies), "10.0.0.3");
  assert.equal(clientAddress(headers({ "x-berth-peer": "10.0.0.2", "x-forwarded-for": "<script>, 10.0.0.4" }), proxies), "10.0.0.4");
});

test("next-auth's header record is read by the same rules", () => {
  assert.equal(clientAddressOfHeaderRecord({ "x-berth-peer": "203.0.113.9", "x-forwarded-for": "198.51.100.1" }), "203.0.113.9");
  assert.equal(clientAddressOfHeaderRecord(undefined), null);
});

test("BERTH_TRUSTED_PROXIES accepts addresses and CIDR ranges and refuses anything else", () => {
  assert.deepEqual(trustedProxies({}), []);
  assert.deepEqual(trustedProxies({ BERTH_TRUSTED_PROXIES: " 127.0.0.1 ,::1,fd00::/8" }), ["127.0.0.1", "::1", "fd00::/8"]);
  for (const bad of ["proxy.example", "10.0.0.0/33", "10.0.0.0/8/1", "::1/129", "10.0.0/8"]) {
    assert.throws(() => trustedProxies({ BERTH_TRUSTED_PROXIES: bad }), /BERTH_TRUSTED_PROXIES/, bad);
  }
});

test("over HTTP, the panel server's stamp replaces a peer header the client sent", async () => {
  let seen: IncomingHttpHeaders = {};
  const server = createServer((request, response) => {
    stampPeerAddress(request);
    seen = request.headers;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((resolve, reject) => {
      const forged = httpRequest({ host: "127.0.0.1", port, path: "/", headers: { "x-berth-peer": "198.51.100.1", "x-forwarded-for": "198.51.100.2" } }, (response) => {
        response.resume();
        response.on("end", resolve);
      });
      forged.on("error", reject);
      forged.end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(seen["x-berth-peer"], "127.0.0.1");
  const asHeaders = { get: (name: string) => (typeof seen[name] === "string" ? (seen[name] as string) : null) };
  assert.equal(clientAddress(asHeaders, none), "127.0.0.1");
  assert.equal(clientAddress(asHeaders, proxyMatcher(["127.0.0.1"])), "198.51.100.2", "from a trusted proxy its X-Forwarded-For counts");
});
