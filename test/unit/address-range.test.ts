import assert from "node:assert/strict";
import { test } from "node:test";
import { ipv4Range, ipv6Range } from "../../lib/network/address-range";

test("an IPv4 pool covers the requested offsets of the bridge's network", () => {
  const range = ipv4Range("10.77.0.1/24", 10, 250);
  assert.equal(range.network, "10.77.0.0/24");
  assert.equal(range.addresses.length, 241);
  assert.equal(range.addresses[0], "10.77.0.10");
  assert.equal(range.addresses.at(-1), "10.77.0.250");
});

test("an IPv4 pool never includes the broadcast address", () => {
  const range = ipv4Range("192.0.2.1/28", 2, 250);
  assert.equal(range.addresses.at(-1), "192.0.2.14");
});

test("an IPv6 pool takes interface ids inside the /64", () => {
  const range = ipv6Range("fd77:6265:7274::1/64", 0x10, 0x12);
  assert.equal(range.network, "fd77:6265:7274:0::/64");
  assert.deepEqual(range.addresses, ["fd77:6265:7274:0::10", "fd77:6265:7274:0::11", "fd77:6265:7274:0::12"]);
});

test("bad pool definitions are refused with a message", () => {
  assert.throws(() => ipv6Range("fd77::1/48", 1, 2), /must be \/64/);
  assert.throws(() => ipv4Range("10.0.0.300/24", 1, 2), /not an IPv4 address/);
  assert.throws(() => ipv6Range("fd77:zz::1/64", 1, 2), /not an IPv6 address/);
});
