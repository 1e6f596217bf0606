import assert from "node:assert/strict";
import { test } from "node:test";
import { refusalOf, resolveWebhookHost } from "../../lib/webhooks/webhook-address-policy";

const reseller = { anyAddress: false, allowedNetworks: [] };

test("resellers' endpoints may not reach addresses that are not public, named by kind", () => {
  const refused: Array<[string, string]> = [
    ["0.0.0.0", "unspecified"],
    ["10.0.0.5", "private"],
    ["172.16.4.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.254", "private"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["169.254.169.254", "link-local"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fd77:6265:7274::1", "private"],
    ["fc00::1", "private"],
    ["fe80::1", "link-local"],
    ["ff02::1", "multicast"],
    // IPv4-mapped and IPv4-compatible forms of the same.
    ["::ffff:10.0.0.5", "private"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::10.0.0.5", "reserved"],
  ];
  for (const [address, kind] of refused) {
    assert.match(refusalOf(address, reseller) ?? "", new RegExp(`^refused: ${address.replace(/\./g, "\\.")} is a ${kind} address \\(`), address);
  }
  assert.equal(refusalOf("10.0.0.5", reseller), "refused: 10.0.0.5 is a private address (10.0.0.0/8); resellers' endpoints may reach only public addresses");
});

test("public addresses are reached, also next to the refused ranges", () => {
  for (const address of ["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1", "11.0.0.1", "2001:4860:4860::8888", "2a00:1450::1", "::ffff:8.8.8.8"]) {
    assert.equal(refusalOf(address, reseller), null, address);
  }
});

test("the operator's allowed networks and admins' endpoints are exceptions", () => {
  const allowing = { anyAddress: false, allowedNetworks: ["127.0.0.0/8", "10.1.0.0/16", "fd00::/8"] };
  assert.equal(refusalOf("127.0.0.1", allowing), null);
  assert.equal(refusalOf("::ffff:127.0.0.1", allowing), null);
  assert.equal(refusalOf("10.1.2.3", allowing), null);
  assert.equal(refusalOf("fd77::1", allowing), null);
  assert.match(refusalOf("10.2.0.1", allowing) ?? "", /^refused: 10\.2\.0\.1 is a private address/);
  assert.match(refusalOf("::1", allowing) ?? "", /^refused: ::1 is a loopback address/);
  const admin = { anyAddress: true, allowedNetworks: [] };
  for (const address of ["127.0.0.1", "10.0.0.5", "fe80::1", "::1"]) assert.equal(refusalOf(address, admin), null, address);
});

test("a host is resolved and every one of its addresses checked; IPv6 literals lose their brackets", async () => {
  await assert.rejects(resolveWebhookHost("127.0.0.1", reseller), /^Error: refused: 127\.0\.0\.1 is a loopback address/);
  await assert.rejects(resolveWebhookHost("[::1]", reseller), /^Error: refused: ::1 is a loopback address/);
  await assert.rejects(resolveWebhookHost("localhost", reseller), /^Error: refused: (127\.0\.0\.1|::1) is a loopback address/);
  assert.deepEqual(await resolveWebhookHost("[::1]", { anyAddress: true, allowedNetworks: [] }), [{ address: "::1", family: 6 }]);
  assert.deepEqual(await resolveWebhookHost("203.0.113.7", reseller), [{ address: "203.0.113.7", family: 4 }]);
});
