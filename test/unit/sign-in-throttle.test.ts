import assert from "node:assert/strict";
import { test } from "node:test";
import { signInDelayMs, signInThrottleAddress } from "../../lib/security/sign-in-throttle";

test("no delay for the first 3 failures, then 2, 4, 8 ... seconds, at most 15 minutes", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 11, 12, 13, 100, 10_000].map((failures) => signInDelayMs(failures) / 1000), [0, 0, 0, 2, 4, 8, 16, 512, 900, 900, 900, 900]);
});

test("addresses are counted as IPv4, IPv6 /64, unknown or invalid", () => {
  assert.equal(signInThrottleAddress("203.0.113.7"), "203.0.113.7");
  assert.equal(signInThrottleAddress("::ffff:198.51.100.4"), "198.51.100.4");
  assert.equal(signInThrottleAddress("2001:db8:1:2::1"), signInThrottleAddress("2001:DB8:1:2:ffff:ffff:ffff:ffff"));
  assert.equal(signInThrottleAddress("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  assert.notEqual(signInThrottleAddress("2001:db8:1:2::1"), signInThrottleAddress("2001:db8:1:3::1"));
  assert.equal(signInThrottleAddress("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(signInThrottleAddress("fe80::1%eth0"), "fe80:0:0:0::/64");
  assert.equal(signInThrottleAddress(null), "unknown");
  assert.equal(signInThrottleAddress("not an address, and as long as a forged header likes"), "invalid");
});
