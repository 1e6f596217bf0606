import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { hashPassword } from "../lib/security/password";
import { signInWith } from "./support/panel";
import { seedCaller, stackDatabase } from "./support/stack-database";

// The admin's side of the network in Chromium: address pools on a host (mode, gateway, resolvers,
// proxied neighbours, public address, IPv6 prefixes) and plans' address mode and monthly transfer.
// The pools use private ranges of their own, which go on the e2e bridge (never this machine's network).

const password = `e2e-admin-${randomBytes(6).toString("hex")}`;
const suffix = randomBytes(3).toString("hex");
let adminEmail: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const admin = await seedCaller("admin");
  await stackDatabase().user.update({ where: { id: admin.user.id }, data: { passwordHash: await hashPassword(password) } });
  adminEmail = admin.user.email;
});

// The pools go again, so no later spec's server takes its addresses from them.
test.afterAll(async () => {
  const pools = { name: { in: [`e2e-v4-${suffix}`, `e2e-v6-${suffix}`] } };
  await stackDatabase().ipAddress.deleteMany({ where: { pool: pools } });
  await stackDatabase().ipPool.deleteMany({ where: pools });
});

test("the admin adds an IPv4 range and an IPv6 prefix pool on the host and edits a pool's settings", async ({ page }) => {
  await signInWith(page, adminEmail, password);
  await page.goto("/admin/ip-pools");
  await expect(page.getByTestId("pool-row").first()).toBeVisible();

  const v4 = page.locator("form", { has: page.getByTestId("pool-add-ipv4") });
  await v4.getByLabel("Pool name").fill(`e2e-v4-${suffix}`);
  await v4.getByLabel("Mode").selectOption("routed");
  await v4.getByLabel("Network").fill("10.98.0.0/24");
  await v4.getByLabel("Gateway").fill("10.98.0.1");
  await v4.getByLabel("First address").fill("10.98.0.10");
  await v4.getByLabel("Last address").fill("10.98.0.20");
  await page.getByTestId("pool-add-ipv4").click();
  await expect(v4.getByTestId("form-message")).toHaveText(new RegExp(`Added 11 address\\(es\\) to e2e-v4-${suffix}`));
  const v4row = page.locator(`[data-testid="pool-row"][data-pool="e2e-v4-${suffix}"]`);
  await expect(v4row.getByTestId("pool-mode")).toHaveText("routed");
  await expect(v4row.getByTestId("pool-free")).toHaveText("11");
  await expect(v4row.getByTestId("pool-prefix")).toHaveText("one address per server");

  // IPv6: each server gets a /64 of the pool's /48; the form's hints follow the choice.
  const v6 = page.locator("form", { has: page.getByTestId("pool-add-ipv6") });
  await v6.getByLabel("Each server gets").selectOption("64");
  await expect(v6.getByLabel("First prefix number (hex)")).toBeVisible();
  await v6.getByLabel("Pool name").fill(`e2e-v6-${suffix}`);
  await v6.getByLabel("Mode").selectOption("routed");
  await v6.getByLabel("Network").fill("fd77:6298::/48");
  await v6.getByLabel("Gateway").fill("fe80::1");
  await v6.getByLabel("First prefix number (hex)").fill("1");
  await v6.getByLabel("Last prefix number (hex)").fill("4");
  await page.getByTestId("pool-add-ipv6").click();
  await expect(v6.getByTestId("form-message")).toHaveText(new RegExp(`Added 4 address\\(es\\) to e2e-v6-${suffix}`));
  const v6row = page.locator(`[data-testid="pool-row"][data-pool="e2e-v6-${suffix}"]`);
  await expect(v6row.getByTestId("pool-prefix")).toHaveText("a /64 prefix per server");
  await expect(v6row.getByTestId("pool-gateway")).toHaveText("fe80::1");
  // A refused range names its field, and nothing is added.
  await v6.getByLabel("Pool name").fill(`e2e-v6-bad-${suffix}`);
  await v6.getByLabel("Network").fill("fd77:6299::/40");
  await page.getByTestId("pool-add-ipv6").click();
  await expect(v6.getByTestId("form-error")).toContainText("network:");
  await expect(page.locator(`[data-testid="pool-row"][data-pool="e2e-v6-bad-${suffix}"]`)).toHaveCount(0);

  // Every setting of a pool at once.
  await v4row.getByTestId("pool-edit").click();
  await page.waitForURL(/edit=/);
  const form = page.locator("form", { has: page.getByTestId("pool-save") });
  await form.getByTestId("pool-mode-select").selectOption("nat");
  await form.getByTestId("pool-public-address-input").fill("198.51.100.7");
  await form.getByTestId("pool-gateway-input").fill("10.98.0.254");
  await form.getByTestId("pool-resolvers").fill("198.51.100.53, 2001:db8::53");
  await form.getByTestId("pool-proxy-neighbour-input").check();
  await page.getByTestId("pool-save").click();
  await expect(form.getByTestId("form-message")).toContainText(`Saved e2e-v4-${suffix}: nat`);
  await expect(v4row.getByTestId("pool-mode")).toHaveText("nat");
  await expect(v4row.getByTestId("pool-public-address")).toHaveText("198.51.100.7");
  await expect(v4row.getByTestId("pool-proxy-neighbour")).toHaveText("on");
  await expect(v4row.getByTestId("pool-gateway")).toHaveText("10.98.0.254");
  await expect(v4row.getByTestId("pool-resolver-list")).toHaveText("198.51.100.53, 2001:db8::53");
  // Unticking and clearing take effect too (the whole form is sent), and a bad uplink changes nothing.
  await form.getByTestId("pool-proxy-neighbour-input").uncheck();
  await form.getByTestId("pool-public-address-input").fill("");
  await page.getByTestId("pool-save").click();
  await expect(v4row.getByTestId("pool-proxy-neighbour")).toHaveText("off");
  await expect(v4row.getByTestId("pool-public-address")).toHaveText("none");
  await form.getByTestId("pool-uplink-input").fill("not an interface");
  await page.getByTestId("pool-save").click();
  await expect(form.getByTestId("form-error")).toContainText("uplink");
  await expect(v4row.getByTestId("pool-uplink")).toHaveText("none");
  const stored = await stackDatabase().ipPool.findUniqueOrThrow({ where: { name: `e2e-v4-${suffix}` } });
  expect(stored).toMatchObject({ mode: "nat", uplink: null, proxyNeighbour: false, publicAddress: null, gateway: "10.98.0.254" });
});

test("the admin gives a plan its address mode and a monthly transfer allowance", async ({ page }) => {
  await signInWith(page, adminEmail, password);
  await page.goto("/admin/plans");
  const slug = `e2e-transfer-${randomBytes(3).toString("hex")}`;
  const create = page.locator("form", { has: page.getByTestId("plan-create") });
  await create.getByTestId("plan-slug").fill(slug);
  await create.getByTestId("plan-name").fill("Transfer");
  await create.getByLabel("vCPUs").fill("1");
  await create.getByLabel("Monthly price (USD)").fill("5");
  await create.getByLabel("Memory (MB)").fill("256");
  await create.getByLabel("Disk (MB)").fill("1024");
  await create.getByTestId("plan-transfer-input").fill("1000");
  await create.getByTestId("plan-throttle-input").fill("10");
  await page.getByTestId("plan-create").click();
  await expect(create.getByTestId("form-message")).toHaveText(`Plan ${slug} created.`);
  const row = page.locator(`[data-testid="plan-row"][data-slug="${slug}"]`);
  await expect(row.getByTestId("plan-transfer")).toHaveText("1000 GB/month, then 10 Mbit/s");
  await expect(row.getByTestId("plan-address-mode")).toHaveText("NAT");

  await row.getByTestId("plan-edit").click();
  await page.waitForURL(/edit=/);
  const edit = page.locator("form", { has: page.getByTestId("plan-save") });
  await expect(edit.getByTestId("plan-transfer-input")).toHaveValue("1000");
  await edit.getByTestId("plan-address-mode-select").selectOption("routed");
  await edit.getByTestId("plan-overage-select").selectOption("suspend");
  await edit.getByTestId("plan-transfer-input").fill("1.5");
  await page.getByTestId("plan-save").click();
  await expect(edit.getByTestId("form-message")).toHaveText(`Plan ${slug} saved.`);
  await expect(row.getByTestId("plan-transfer")).toHaveText("1.5 GB/month, then suspended");
  await expect(row.getByTestId("plan-address-mode")).toHaveText("routed");
  await edit.getByTestId("plan-transfer-input").fill("2000000");
  await page.getByTestId("plan-save").click();
  await expect(edit.getByTestId("form-error")).toContainText("at most 1000000");
  expect(await stackDatabase().plan.findUniqueOrThrow({ where: { slug } })).toMatchObject({ addressMode: "routed", monthlyTransferGb: 1.5, transferOverageAction: "suspend" });
  // Deactivated again, so the other specs' order pages stay as they were.
  await stackDatabase().plan.update({ where: { slug }, data: { active: false } });
});
