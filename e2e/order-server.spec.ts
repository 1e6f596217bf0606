import { expect, test } from "@playwright/test";
import { fillOrder, orderRunningServer, signIn } from "./support/panel";

test("a customer orders a server and sees it running", async ({ page }) => {
  const hostname = `e2e-${Date.now()}`;
  await signIn(page);

  await orderRunningServer(page, hostname);

  const ipv4 = (await page.getByTestId("server-ipv4").first().textContent())?.trim() ?? "";
  const ipv6 = (await page.getByTestId("server-ipv6").first().textContent())?.trim() ?? "";
  expect(ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(ipv6).toContain(":");

  await page.screenshot({ path: "e2e/artifacts/server-running.png", fullPage: true });

  // The new server is listed on the dashboard too.
  await page.goto("/");
  await expect(page.getByTestId("server-table")).toContainText(hostname);
});

test("a bad hostname shows the validation error and makes no order", async ({ page }) => {
  await signIn(page);

  await fillOrder(page, "-bad-");
  const error = page.getByTestId("hostname-error");
  await expect(error).toBeVisible();
  await expect(error).toContainText("RFC 1123");
  await expect(page).toHaveURL(/\/order$/);
  // The form keeps what was typed.
  await expect(page.getByLabel("3. Hostname")).toHaveValue("-bad-");

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText("-bad-");
});
