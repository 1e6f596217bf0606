import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createDatabase, type Database } from "../lib/database/client";
import { databaseUrl } from "../lib/settings";
import { hashPassword } from "../lib/security/password";
import { generateTotp, totpStep } from "../lib/security/totp";

/*
 * Sign-in security through the panel, as a customer would use it. Each run creates its own
 * customer directly in the stack's database (BERTH_DATA_DIR), so the demo user is never touched,
 * and removes it afterwards.
 */

let database: Database;
const password = `pw-${randomBytes(9).toString("base64url")}`;
let email: string;
let userId: string;

test.beforeAll(async () => {
  if (!process.env.BERTH_DATA_DIR) throw new Error("BERTH_DATA_DIR is not set: it must name the e2e stack's data folder");
  database = createDatabase(databaseUrl());
  const suffix = randomBytes(4).toString("hex");
  email = `security-${suffix}@e2e.test`;
  const user = await database.user.create({ data: { email, name: `Security ${suffix}`, role: "customer", passwordHash: await hashPassword(password) } });
  userId = user.id;
});

test.afterAll(async () => {
  // Test data only: the user, its audit trail (which names it) and, by cascade, its codes and keys.
  await database.auditEvent.deleteMany({ where: { OR: [{ actorId: userId }, { targetId: userId }] } });
  await database.user.deleteMany({ where: { id: userId } });
  await database.$disconnect();
});

test.describe.configure({ mode: "serial" });

async function enterPassword(page: Page, withPassword = password) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(withPassword);
  await page.getByTestId("signin-submit").click();
}

async function expectDashboard(page: Page) {
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");
}

/** A 6-digit code that is not valid now (nor one step either side). */
function wrongCodeFor(secret: string): string {
  const valid = [-30_000, 0, 30_000].map((offset) => generateTotp(secret, Date.now() + offset));
  return ["000000", "111111", "222222", "333333"].find((code) => !valid.includes(code))!;
}

let secret: string;
let recoveryCodes: string[];
let lastUsedStep = -1;

/** The current code, once its time step is newer than the last code used: each code works once, so this may wait up to 30 s. */
async function freshCode(): Promise<string> {
  while (totpStep(Date.now()) <= lastUsedStep) await new Promise((resolve) => setTimeout(resolve, 500));
  lastUsedStep = totpStep(Date.now());
  return generateTotp(secret);
}

test("a customer turns on two-factor sign-in with an authenticator app", async ({ page }) => {
  await enterPassword(page);
  await expectDashboard(page);

  await page.goto("/settings/security");
  await expect(page.getByTestId("totp-disabled")).toBeVisible();
  await page.getByTestId("totp-start").click();
  await expect(page.getByTestId("totp-qr")).toBeVisible();
  expect(await page.getByTestId("totp-qr").getAttribute("src")).toMatch(/^data:image\/png;base64,/);
  secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  // A wrong code does not turn it on.
  await page.getByTestId("totp-code").fill(wrongCodeFor(secret));
  await page.getByTestId("totp-confirm").click();
  await expect(page.getByTestId("totp-confirm-error")).toContainText("does not match");

  await page.getByTestId("totp-code").fill(await freshCode());
  await page.getByTestId("totp-confirm").click();
  const codes = page.getByTestId("recovery-codes").locator("li");
  await expect(codes).toHaveCount(10);
  recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
  expect(new Set(recoveryCodes).size).toBe(10);
  await expect(page.getByTestId("totp-enabled")).toBeVisible();

  // Shown once: after a reload only the count remains.
  await page.reload();
  await expect(page.getByTestId("totp-enabled")).toBeVisible();
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
  await expect(page.getByText("10 unused recovery codes left")).toBeVisible();
  await signOut(page);
});

test("sign-in then asks for the code: a wrong code is refused, the right one signs in", async ({ page }) => {
  await enterPassword(page);
  const codeInput = page.getByTestId("signin-totp");
  await expect(codeInput).toBeVisible();
  await expect(page.getByTestId("signin-error")).toHaveCount(0);

  await codeInput.fill(wrongCodeFor(secret));
  await page.getByTestId("signin-submit").click();
  await expect(page.getByTestId("signin-error")).toContainText("not valid");
  await expect(codeInput).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/signin");

  await codeInput.fill(await freshCode());
  await page.getByTestId("signin-submit").click();
  await expectDashboard(page);
  await signOut(page);
});

test("a recovery code signs in once", async ({ page }) => {
  await enterPassword(page);
  await page.getByTestId("signin-totp").fill(recoveryCodes[0]!);
  await page.getByTestId("signin-submit").click();
  await expectDashboard(page);
  await signOut(page);

  await enterPassword(page);
  await page.getByTestId("signin-totp").fill(recoveryCodes[0]!);
  await page.getByTestId("signin-submit").click();
  await expect(page.getByTestId("signin-error")).toContainText("not valid");

  await page.getByTestId("signin-totp").fill(recoveryCodes[1]!);
  await page.getByTestId("signin-submit").click();
  await expectDashboard(page);

  await page.goto("/settings/security");
  await expect(page.getByText("8 unused recovery codes left")).toBeVisible();
});

test("turning two-factor sign-in off needs a code; then the password alone signs in", async ({ page }) => {
  await enterPassword(page);
  await page.getByTestId("signin-totp").fill(await freshCode());
  await page.getByTestId("signin-submit").click();
  await expectDashboard(page);

  await page.goto("/settings/security");
  await page.getByTestId("totp-disable-code").fill(wrongCodeFor(secret));
  await page.getByTestId("totp-disable").click();
  await expect(page.getByTestId("totp-disable-error")).toBeVisible();
  await expect(page.getByTestId("totp-enabled")).toBeVisible();

  await page.getByTestId("totp-disable-code").fill(await freshCode());
  await page.getByTestId("totp-disable").click();
  await expect(page.getByTestId("totp-disabled")).toBeVisible();
  await signOut(page);

  await enterPassword(page);
  await expectDashboard(page);
});

test("SSH keys are checked, listed with their fingerprint, refused twice and deleted", async ({ page }) => {
  // Generated once with ssh-keygen; its `ssh-keygen -lf` fingerprint.
  const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDS047qVK6K4gEx4sSbum1DfrxiyRNcNUErsVvdiAvEU known@berth";
  const fingerprint = "SHA256:YJyzpydYxBEEQK9i56iLzudS+nWvJYe8D0Xk41O3jlA";
  await enterPassword(page);
  await expectDashboard(page);
  await page.goto("/settings/ssh-keys");

  await page.getByTestId("ssh-key-name").fill("broken");
  await page.getByTestId("ssh-key-value").fill("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIDS047qVK6K4gEx4sSbum1DfrxiyRNcNUErsVvdiAvEU");
  await page.getByTestId("ssh-key-add").click();
  await expect(page.getByTestId("ssh-key-error")).toContainText("not ssh-rsa");
  await expect(page.getByTestId("ssh-key-row")).toHaveCount(0);

  await page.getByTestId("ssh-key-name").fill("laptop");
  await page.getByTestId("ssh-key-value").fill(publicKey);
  await page.getByTestId("ssh-key-add").click();
  const row = page.getByTestId("ssh-key-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("laptop");
  await expect(row.getByTestId("ssh-key-fingerprint")).toHaveText(fingerprint);

  await page.getByTestId("ssh-key-name").fill("laptop again");
  await page.getByTestId("ssh-key-value").fill(publicKey);
  await page.getByTestId("ssh-key-add").click();
  await expect(page.getByTestId("ssh-key-error")).toContainText("already added");
  await expect(row).toHaveCount(1);

  await row.getByTestId("ssh-key-delete").click();
  await expect(page.getByTestId("ssh-key-row")).toHaveCount(0);
});

test("changing the password needs the current one, keeps this session and ends the others", async ({ page, browser }) => {
  // Another browser signed in before the change.
  const otherContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const otherPage = await otherContext.newPage();
  await enterPassword(otherPage);
  await expectDashboard(otherPage);

  await enterPassword(page);
  await expectDashboard(page);
  await page.goto("/settings/profile");
  const newPassword = `${password}-new`;

  await page.getByLabel("Current password", { exact: true }).fill("not the password");
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Repeat the new password").fill(newPassword);
  await page.getByTestId("password-save").click();
  await expect(page.getByText("that is not your current password")).toBeVisible();

  await page.getByLabel("Current password", { exact: true }).fill(password);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Repeat the new password").fill(newPassword);
  await page.getByTestId("password-save").click();
  await expect(page.getByTestId("password-saved")).toBeVisible();

  // This session carries on; the other browser's is over.
  await page.goto("/");
  await expectDashboard(page);
  await otherPage.goto("/");
  await otherPage.waitForURL((url) => url.pathname === "/signin");
  await otherContext.close();
  await signOut(page);

  await enterPassword(page);
  await expect(page.getByTestId("signin-error")).toContainText("Invalid email or password");
  await enterPassword(page, newPassword);
  await expectDashboard(page);
});
