import assert from "node:assert/strict";
import { test } from "node:test";
import { canSignIn } from "../../lib/customers/can-sign-in";
import { logoProblem, maxLogoBytes } from "../../lib/resellers/set-branding";
import { growthOf, shrinkageOf, usageChange, usageOfPlan } from "../../lib/tenancy/quota-usage";
import { quotaHolderOf } from "../../lib/tenancy/quota-holder";

const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString("base64")}`;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);

test("logos must be small PNG, JPEG or script-free SVG data URLs", () => {
  assert.equal(logoProblem(dataUrl("image/png", png)), null);
  assert.equal(logoProblem(dataUrl("image/jpeg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))), null);
  assert.equal(logoProblem(dataUrl("image/svg+xml", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'))), null);

  assert.match(logoProblem(dataUrl("image/gif", png)) ?? "", /data:image\/png/);
  assert.match(logoProblem("https://example.com/logo.png") ?? "", /data:image\/png/);
  assert.match(logoProblem("data:image/png;base64,not base64!") ?? "", /data:image\/png/);
  assert.match(logoProblem(dataUrl("image/png", Buffer.from("GIF89a........"))) ?? "", /not a PNG/);
  assert.match(logoProblem(dataUrl("image/jpeg", png)) ?? "", /not a JPEG/);
  assert.match(logoProblem(dataUrl("image/svg+xml", Buffer.from("<html></html>"))) ?? "", /not an SVG/);
  assert.match(logoProblem(dataUrl("image/svg+xml", Buffer.from("<svg><script>alert(1)</script></svg>"))) ?? "", /scripts/);
  assert.match(logoProblem(dataUrl("image/svg+xml", Buffer.from('<svg onload="alert(1)"></svg>'))) ?? "", /scripts/);

  const atLimit = Buffer.concat([png, Buffer.alloc(maxLogoBytes - png.length)]);
  assert.equal(logoProblem(dataUrl("image/png", atLimit)), null);
  assert.match(logoProblem(dataUrl("image/png", Buffer.concat([atLimit, Buffer.alloc(1)]))) ?? "", /at most 200 KB/);
});

test("quota arithmetic: a plan's usage, and what a resize takes and frees", () => {
  const small = usageOfPlan({ vcpus: 0.5, memoryMb: 128, diskMb: 64 });
  const large = usageOfPlan({ vcpus: 2, memoryMb: 512, diskMb: 32 });
  assert.deepEqual(small, { servers: 1, vcpus: 0.5, memoryMb: 128, diskMb: 64, ipv4: 1 });
  const change = usageChange(small, large);
  assert.deepEqual(growthOf(change), { servers: 0, vcpus: 1.5, memoryMb: 384, diskMb: 0, ipv4: 0 });
  assert.deepEqual(shrinkageOf(change), { servers: 0, vcpus: 0, memoryMb: 0, diskMb: 32, ipv4: 0 });
});

test("whose quota a server counts against, and who may sign in", () => {
  assert.equal(quotaHolderOf({ id: "r", role: "reseller", resellerId: null }), "r");
  assert.equal(quotaHolderOf({ id: "c", role: "customer", resellerId: "r" }), "r");
  assert.equal(quotaHolderOf({ id: "c", role: "customer", resellerId: null }), null);
  assert.equal(quotaHolderOf({ id: "a", role: "admin", resellerId: null }), null);
  assert.equal(canSignIn({ suspendedAt: null }), true);
  assert.equal(canSignIn({ suspendedAt: new Date() }), false);
});
