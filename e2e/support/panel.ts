import { expect, type Locator, type Page } from "@playwright/test";

// UI steps shared by the end-to-end specs. Everything here goes through the panel as a customer would.

export const demoEmail = "demo@berth.local";

export function demoPassword(): string {
  const password = process.env.BERTH_DEMO_PASSWORD;
  if (!password) throw new Error("BERTH_DEMO_PASSWORD is not set");
  return password;
}

/** Signs in through the sign-in page and waits until it has left it. */
export async function signInWith(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("signin-submit").click();
  await page.waitForURL((url) => url.pathname !== "/signin");
}

export async function signIn(page: Page) {
  await signInWith(page, demoEmail, demoPassword());
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

export async function fillOrder(page: Page, hostname: string) {
  await page.goto("/order");
  await page.getByTestId("plan-small").click();
  await page.getByLabel("2. Template").selectOption("busybox");
  await page.getByLabel("3. Hostname").fill(hostname);
  await page.getByTestId("order-submit").click();
}

/**
 * Orders a small busybox server, waits on the order page until it is provisioned and opens it.
 * Returns the server's id (from the /servers/<id> address).
 */
export async function orderRunningServer(page: Page, hostname: string): Promise<string> {
  await fillOrder(page, hostname);
  await page.waitForURL(/\/orders\/[^/]+$/);
  await expect(page.getByTestId("order-progress")).toBeVisible();

  const status = page.getByTestId("order-status");
  await expect(status).toHaveText(/^(completed|failed)$/, { timeout: 110_000 });
  if ((await status.textContent()) === "failed") {
    throw new Error(`order failed: ${await page.getByTestId("order-error").textContent()}`);
  }
  await expect(page.getByTestId("order-progress")).toHaveAttribute("data-progress", "100");

  await page.getByTestId("order-server-link").click();
  await page.waitForURL(/\/servers\/[^/]+$/);
  await expect(page.getByRole("heading", { name: hostname })).toBeVisible();
  await expect(page.getByTestId("server-status")).toHaveText("running");
  const id = new URL(page.url()).pathname.split("/").pop();
  if (!id) throw new Error(`no server id in ${page.url()}`);
  return decodeURIComponent(id);
}

/** Presses Enter in the focused console until `text` shows: a getty just (re)started can swallow an Enter, so press it again, as a person would. */
export async function pressEnterUntil(page: Page, terminal: Locator, text: string) {
  await expect(async () => {
    await page.keyboard.press("Enter");
    await expect(terminal).toContainText(text, { timeout: 3000 });
  }).toPass({ timeout: 20_000 });
}
