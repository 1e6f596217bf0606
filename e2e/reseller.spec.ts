import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import type { Actor } from "../lib/access/actor";
import { createDatabase, type Database } from "../lib/database/client";
import { databaseUrl } from "../lib/settings";
import { createReseller } from "../lib/resellers/create-reseller";
import { generateTotp, totpStep } from "../lib/security/totp";
import { demoEmail, orderRunningServer } from "./support/panel";

/*
 * The reseller console against the full stack: a reseller (set up directly in the stack's
 * database with a quota and the "small" plan) brands its panel and creates a customer with a
 * password; that customer turns on two-factor sign-in, signs in with its code to a panel branded
 * "Acme Hosting", orders a server and sees only its own; the admin sees both customers' servers.
 * Everything the test checks goes through the UI.
 */

let database: Database;
const suffix = randomBytes(4).toString("hex");
const resellerEmail = `reseller-${suffix}@e2e.test`;
const resellerPassword = `pw-${randomBytes(9).toString("base64url")}`;
const customerEmail = `customer-${suffix}@e2e.test`;
const customerPassword = `pw-${randomBytes(9).toString("base64url")}`;
let totpSecret = "";
const adminEmail = process.env.BERTH_ADMIN_EMAIL ?? "admin@berth.local";
function adminPassword(): string {
  const password = process.env.BERTH_ADMIN_PASSWORD;
  if (!password) throw new Error("BERTH_ADMIN_PASSWORD is not set");
  return password;
}

// A 1×1 PNG, as a reseller's logo file.
const logoPng = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test.beforeAll(async () => {
  if (!process.env.BERTH_DATA_DIR) throw new Error("BERTH_DATA_DIR is not set: it must name the e2e stack's data folder");
  database = createDatabase(databaseUrl());
  const admin = await database.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) throw new Error("the e2e stack has no admin user");
  const actor: Actor = { userId: admin.id, role: "admin", via: "cli" };
  await createReseller({
    database,
    actor,
    input: {
      email: resellerEmail,
      name: `Reseller ${suffix}`,
      password: resellerPassword,
      quota: { maxServers: 3, maxVcpus: 3, maxMemoryMb: 2048, maxDiskMb: 8192, maxIpv4: 3 },
      plans: ["small"],
    },
  });
});

// The e2e stack is thrown away after the run, so the reseller and its customer (which now owns a
// server and an audit trail) are left in place.
test.afterAll(async () => {
  await database.$disconnect();
});

test.describe.configure({ mode: "serial" });

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("signin-submit").click();
  await page.waitForURL((url) => url.pathname === "/");
}

test("a reseller brands its panel and creates a customer who sees the brand and only its own servers", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, resellerEmail, resellerPassword);
  await expect(page.getByTestId("nav-section-reseller")).toBeVisible();

  await test.step("overview shows the quota", async () => {
    await page.getByRole("link", { name: "Overview" }).click();
    await expect(page.getByTestId("quota-servers")).toContainText("0 / 3");
    await expect(page.getByTestId("offered-plan")).toHaveCount(1);
  });

  await test.step("set the brand name and logo", async () => {
    await page.getByRole("link", { name: "Branding" }).click();
    await page.getByTestId("brand-name").fill("Acme Hosting");
    await page.getByTestId("brand-logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logoPng });
    await expect(page.getByTestId("brand-preview")).toContainText("Acme Hosting");
    await page.getByTestId("brand-save").click();
    await expect(page.getByTestId("form-message")).toContainText("Branding saved");
    // The reseller sees its own branding, as its customers will.
    await page.reload();
    await expect(page.getByTestId("brand-header")).toHaveText("Acme Hosting");
  });

  await test.step("create a customer with a password", async () => {
    await page.getByRole("link", { name: "Customers" }).click();
    await page.getByTestId("customer-name").fill(`Customer ${suffix}`);
    await page.getByTestId("customer-email").fill(customerEmail);
    await page.getByTestId("customer-password").fill(customerPassword);
    await page.getByTestId("customer-create").click();
    await expect(page.getByTestId("form-message")).toContainText(customerEmail);
    await expect(page.locator(`[data-testid="customer-row"][data-email="${customerEmail}"]`)).toBeVisible();
  });

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");

  let customerHostname = "";
  let enrolmentStep = -1;
  await test.step("the customer turns on two-factor sign-in", async () => {
    await signInAs(page, customerEmail, customerPassword);
    await page.goto("/settings/security");
    await page.getByTestId("totp-start").click();
    totpSecret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
    enrolmentStep = totpStep(Date.now());
    await page.getByTestId("totp-code").fill(generateTotp(totpSecret));
    await page.getByTestId("totp-confirm").click();
    await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/signin");
  });

  await test.step("the customer signs in with its code and sees the reseller's brand and only its own servers", async () => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(customerEmail);
    await page.getByLabel("Password").fill(customerPassword);
    await page.getByTestId("signin-submit").click();
    // Each code works once: wait for a newer step than the enrolment's code (at most 30 s).
    while (totpStep(Date.now()) <= enrolmentStep) await new Promise((resolve) => setTimeout(resolve, 500));
    await page.getByTestId("signin-totp").fill(generateTotp(totpSecret));
    await page.getByTestId("signin-submit").click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByTestId("brand-header")).toHaveText("Acme Hosting");
    await expect(page.getByTestId("brand-logo-image")).toBeVisible();
    await expect(page).toHaveTitle(/Acme Hosting/);

    customerHostname = `acme-${suffix}`;
    await orderRunningServer(page, customerHostname);
    await page.goto("/");
    await expect(page.getByTestId("server-table")).toContainText(customerHostname);
    const demoServers = await database.server.findMany({ where: { owner: { email: demoEmail }, status: { not: "terminated" } }, select: { hostname: true } });
    for (const { hostname } of demoServers) await expect(page.getByText(hostname, { exact: true })).toHaveCount(0);
    await page.screenshot({ path: "e2e/artifacts/reseller-customer.png", fullPage: true });
  });

  await test.step("the customer has no admin or reseller console", async () => {
    await expect(page.getByTestId("nav-section-admin")).toHaveCount(0);
    await expect(page.getByTestId("nav-section-reseller")).toHaveCount(0);
    for (const path of ["/admin/jobs", "/reseller/customers"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
  });

  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");

  await test.step("the admin sees the servers of both the reseller's customer and the demo customer", async () => {
    await signInAs(page, adminEmail, adminPassword());
    await page.goto("/admin/servers");
    const rows = page.getByTestId("admin-server-row");
    await expect(rows.filter({ hasText: customerHostname })).toHaveCount(1);
    const demoServers = await database.server.findMany({ where: { owner: { email: demoEmail }, status: { not: "terminated" } }, select: { hostname: true } });
    expect(demoServers.length, "the demo customer has servers from the earlier specs").toBeGreaterThan(0);
    for (const { hostname } of demoServers) await expect(rows.filter({ hasText: hostname })).toHaveCount(1);
  });
});
