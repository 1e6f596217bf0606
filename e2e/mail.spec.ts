import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signBillingPayload } from "../lib/billing/signature";
import { hashPassword } from "../lib/security/password";
import { linkIn, mailCountTo, waitForMail } from "./support/mail";
import { signInWith } from "./support/panel";
import { seedCaller, seedUser, stackDatabase } from "./support/stack-database";

// Mail through the stack's SMTP server (a real one, started by scripts/test.sh), followed in
// Chromium: a billing system's new customer sets its password from the welcome mail, a login link
// signs it in once, its server's suspension, unsuspension and termination are mailed, and a
// forgotten password is reset from the sign-in page.
test.describe.configure({ mode: "serial" });

const suffix = randomBytes(3).toString("hex");
const customerEmail = `welcome-${suffix}@e2e.test`;
const serviceId = `svc-mail-${suffix}`;
const hostname = `mailed-${suffix}`;
const password = `chosen-${randomBytes(6).toString("hex")}`;
let serverId: string;

function sendBillingEvent(request: APIRequestContext, type: string, data: Record<string, unknown>) {
  const secret = process.env.BERTH_BILLING_SECRET;
  if (!secret) throw new Error("BERTH_BILLING_SECRET is not set");
  const raw = JSON.stringify({ id: `evt_${randomBytes(6).toString("hex")}`, type, data: { serviceId, ...data } });
  return request.post("/api/webhooks/billing", { headers: { "Content-Type": "application/json", "Berth-Signature": signBillingPayload(secret, raw) }, data: Buffer.from(raw) });
}

async function waitForServer(status: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const server = await stackDatabase().server.findUniqueOrThrow({ where: { id: serverId } });
    if (server.status === status && server.activeJobId === null) return server;
    if (Date.now() > deadline) throw new Error(`server ${serverId} is ${server.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Opens a link in a browser of its own (no session), as a customer clicking it in their mail would. */
async function openFresh(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return { page, close: () => context.close() };
}

test("a customer made by service.create sets its password from the welcome mail and signs in", async ({ page, request, browser }) => {
  const created = await sendBillingEvent(request, "service.create", { customer: { email: customerEmail, name: "Welcome Customer" }, plan: "small", hostname, template: "busybox" });
  expect(created.status()).toBe(202);
  serverId = ((await created.json()) as { serverId: string }).serverId;

  const welcome = await waitForMail(customerEmail, /Welcome to Berth/);
  const link = linkIn(welcome, "/set-password/");
  await page.goto(link);
  await expect(page.getByTestId("set-password-email")).toHaveText(customerEmail);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat it").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("set-password-done")).toBeVisible();

  await signInWith(page, customerEmail, password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText(hostname).first()).toBeVisible();

  // The link worked once.
  const reused = await openFresh(browser, link);
  await expect(reused.page.getByTestId("set-password-invalid")).toBeVisible();
  await reused.close();

  // Its server's ready mail says how to reach it.
  const server = await waitForServer("running");
  const ready = await waitForMail(customerEmail, /is ready/);
  const address = await stackDatabase().ipAddress.findFirstOrThrow({ where: { serverId: server.id, pool: { family: 4 } } });
  expect(ready.text).toContain(`ssh root@${address.address}`);
  expect(ready.text).toContain(`/servers/${serverId}`);
});

test("a login link signs the customer in once, onto its server's page; a late or second use and another reseller are refused", async ({ request, browser }) => {
  const admin = await seedCaller("admin");
  const customer = await stackDatabase().user.findUniqueOrThrow({ where: { email: customerEmail } });
  const made = await request.post(`/api/v1/customers/${customer.id}/login-links`, { headers: admin.headers, data: { serverId } });
  expect(made.status()).toBe(201);
  const { loginLink } = (await made.json()) as { loginLink: { url: string; expiresAt: string; serverId: string } };
  expect(loginLink.serverId).toBe(serverId);
  expect(new Date(loginLink.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);

  const first = await openFresh(browser, loginLink.url);
  await first.page.waitForURL(`**/servers/${serverId}`);
  await expect(first.page.getByRole("heading", { name: hostname })).toBeVisible();
  await first.close();

  const second = await openFresh(browser, loginLink.url);
  await expect(second.page.getByTestId("login-link-invalid").or(second.page.getByTestId("signin-error"))).toBeVisible();
  await expect(second.page).not.toHaveURL(/\/servers\//);
  await second.close();

  // One more link, aged past its 60 seconds in the database (as if the customer had waited).
  const late = (await (await request.post(`/api/v1/customers/${customer.id}/login-links`, { headers: admin.headers, data: {} })).json()) as { loginLink: { url: string } };
  await stackDatabase().accountLink.updateMany({ where: { userId: customer.id, purpose: "login", usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const expired = await openFresh(browser, late.loginLink.url);
  await expect(expired.page.getByTestId("login-link-invalid")).toBeVisible();
  await expired.close();

  const reseller = await seedCaller("reseller");
  const foreign = await request.post(`/api/v1/customers/${customer.id}/login-links`, { headers: reseller.headers, data: {} });
  expect(foreign.status()).toBe(404);
  expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("not_found");
  const readOnly = await seedCaller("admin", { token: { scope: "read" } });
  expect((await request.post(`/api/v1/customers/${customer.id}/login-links`, { headers: readOnly.headers, data: {} })).status()).toBe(403);
  const audit = await stackDatabase().auditEvent.count({ where: { action: "customer.login_link", targetId: customer.id } });
  expect(audit).toBe(2);
});

test("suspension (with its reason), unsuspension and termination are mailed to the customer", async ({ request }) => {
  expect((await sendBillingEvent(request, "service.suspend", { reason: "Invoice 7 is unpaid" })).status()).toBe(202);
  await waitForServer("suspended");
  expect((await waitForMail(customerEmail, /has been suspended/)).text).toContain("Invoice 7 is unpaid");
  expect((await sendBillingEvent(request, "service.unsuspend", {})).status()).toBe(202);
  await waitForServer("running");
  await waitForMail(customerEmail, /no longer suspended/);
  expect((await sendBillingEvent(request, "service.terminate", {})).status()).toBe(202);
  await waitForServer("terminated");
  await waitForMail(customerEmail, /has been terminated/);
});

test("a forgotten password is reset from the sign-in page; the answer never tells whether the address exists", async ({ page, browser }) => {
  const user = await seedUser("customer");
  const unknown = `nobody-${suffix}@e2e.test`;
  for (const email of [unknown, user.email]) {
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page.getByTestId("forgot-password-sent")).toContainText("If an account uses that address");
  }
  const mail = await waitForMail(user.email, /Reset your Berth password/);
  expect(mailCountTo(unknown)).toBe(0);
  const link = linkIn(mail, "/set-password/");
  const newPassword = `reset-${randomBytes(6).toString("hex")}`;
  await page.goto(link);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByLabel("Repeat it").fill(newPassword);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("set-password-done")).toBeVisible();
  await signInWith(page, user.email, newPassword);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  const reused = await openFresh(browser, link);
  await expect(reused.page.getByTestId("set-password-invalid")).toBeVisible();
  await reused.close();
});

test("the admin's Mail page lists what was sent", async ({ page }) => {
  const admin = await seedUser("admin");
  const adminPassword = `admin-${randomBytes(6).toString("hex")}`;
  await stackDatabase().user.update({ where: { id: admin.id }, data: { passwordHash: await hashPassword(adminPassword) } });
  await signInWith(page, admin.email, adminPassword);
  await page.goto("/admin/mail");
  await expect(page.getByTestId("mail-on")).toBeVisible();
  const row = page.getByTestId("mail-row").filter({ hasText: customerEmail }).filter({ hasText: "has been terminated" });
  await expect(row.getByTestId("mail-state")).toHaveText("sent");
});
