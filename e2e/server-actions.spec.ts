import { expect, test, type Page } from "@playwright/test";
import { orderRunningServer, signIn } from "./support/panel";
import { suspendServerAsAdmin } from "./support/stack";

/**
 * Runs one lifecycle action from the server page and waits for its job: the action's progress
 * panel must appear (a refusal instead fails the test with the panel's message) and settle.
 */
async function runAction(page: Page, action: string, trigger: () => Promise<void>) {
  await trigger();
  const progress = page.locator(`[data-testid="action-progress"][data-action="${action}"]`);
  const refusal = page.getByTestId("action-error");
  await expect(progress.or(refusal), `${action}: progress or a refusal is shown`).toBeVisible();
  if (await refusal.isVisible()) throw new Error(`${action} was refused: ${await refusal.textContent()}`);
  // Live progress: a progress bar with the job's step while the job runs, kept once it has finished.
  await expect(progress.getByRole("progressbar")).toBeVisible();
  await expect(progress).toHaveAttribute("data-state", /^(completed|failed)$/, { timeout: 100_000 });
  if ((await progress.getAttribute("data-state")) === "failed") {
    throw new Error(`${action} failed: ${await progress.getByTestId("progress-error").textContent()}`);
  }
}

test("a customer stops, starts, reboots, rescues and reinstalls a server, watching each action's progress", async ({ page }) => {
  test.setTimeout(480_000);
  const hostname = `e2e-act-${Date.now()}`;
  await signIn(page);
  await orderRunningServer(page, hostname);
  const status = page.getByTestId("server-status");

  // A running server can be stopped or rebooted, not started.
  await expect(page.getByTestId("action-start")).toBeDisabled();
  await expect(page.getByTestId("action-stop")).toBeEnabled();
  await expect(page.getByTestId("action-reboot")).toBeEnabled();

  await test.step("stop", async () => {
    await runAction(page, "stop", () => page.getByTestId("action-stop").click());
    await expect(status).toHaveText("stopped");
    await expect(page.getByTestId("action-start")).toBeEnabled();
    await expect(page.getByTestId("action-stop")).toBeDisabled();
    await expect(page.getByTestId("action-reboot")).toBeDisabled();
  });

  await test.step("start", async () => {
    await runAction(page, "start", () => page.getByTestId("action-start").click());
    await expect(status).toHaveText("running");
    await expect(page.getByTestId("action-stop")).toBeEnabled();
  });

  await test.step("reboot", async () => {
    await runAction(page, "reboot", () => page.getByTestId("action-reboot").click());
    await expect(status).toHaveText("running");
  });

  await test.step("boot the rescue system, then leave it", async () => {
    await expect(page.getByTestId("action-unrescue")).toHaveCount(0);
    await page.getByTestId("action-rescue").click();
    await expect(page.getByTestId("rescue-confirmation")).toContainText("/mnt/disk");
    await runAction(page, "rescue", () => page.getByTestId("action-rescue-confirm").click());
    await expect(status).toHaveText("rescue");
    await expect(page.getByTestId("rescue-banner")).toContainText("/mnt/disk");
    // In rescue the power buttons of the server's own system are off; leaving rescue is offered instead.
    await expect(page.getByTestId("action-stop")).toBeDisabled();
    await expect(page.getByTestId("action-rescue")).toHaveCount(0);
    await page.screenshot({ path: "e2e/artifacts/server-rescue.png", fullPage: true });
    await runAction(page, "unrescue", () => page.getByTestId("action-unrescue").click());
    await expect(status).toHaveText("running");
    await expect(page.getByTestId("rescue-banner")).toHaveCount(0);
    await expect(page.getByTestId("action-stop")).toBeEnabled();
  });

  await test.step("reinstall, after confirming", async () => {
    await page.getByTestId("action-reinstall").click();
    const confirmation = page.getByTestId("reinstall-confirmation");
    await expect(confirmation).toContainText(/all data on the server will be erased/i);
    await page.getByTestId("reinstall-template").selectOption("busybox");
    await runAction(page, "reinstall", () => page.getByTestId("action-reinstall-confirm").click());
    await expect(status).toHaveText("running");
    await expect(confirmation).toHaveCount(0);
    await expect(page.getByTestId("action-stop")).toBeEnabled();
  });

  await page.screenshot({ path: "e2e/artifacts/server-actions.png", fullPage: true });

  await test.step("terminate, after typing the hostname", async () => {
    await page.getByTestId("action-terminate").click();
    const confirm = page.getByTestId("action-terminate-confirm");
    await page.getByTestId("terminate-hostname").fill("not-the-hostname");
    await expect(confirm).toBeDisabled();
    await page.getByTestId("terminate-hostname").fill(hostname);
    await runAction(page, "terminate", () => confirm.click());
    await expect(status).toHaveText("terminated");
    for (const control of ["start", "stop", "reboot", "reinstall", "resize", "terminate"]) {
      await expect(page.getByTestId(`action-${control}`)).toHaveCount(0);
    }
  });
});

test("a server suspended by the provider shows the banner and gives the customer no controls", async ({ page }) => {
  test.setTimeout(300_000);
  const hostname = `e2e-susp-${Date.now()}`;
  await signIn(page);
  const serverId = await orderRunningServer(page, hostname);

  // Set-up only: the admin suspends the server through the domain function; the worker carries it out.
  await suspendServerAsAdmin(serverId);
  await page.reload();

  const banner = page.getByTestId("suspended-banner");
  await expect(banner).toBeVisible({ timeout: 90_000 });
  await expect(banner).toContainText("Suspended by your provider");
  await expect(page.getByTestId("server-status")).toHaveText("suspended");
  for (const control of ["start", "stop", "reboot", "reinstall", "reinstall-confirm", "resize", "terminate", "terminate-confirm"]) {
    await expect(page.getByTestId(`action-${control}`)).toHaveCount(0);
  }
  await expect(page.getByTestId("resize-plan")).toHaveCount(0);
  await expect(page.locator("main").getByRole("button", { name: /unsuspend|resume|start|stop|reboot|reinstall|terminate/i })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /unsuspend/i })).toHaveCount(0);
  await page.screenshot({ path: "e2e/artifacts/server-suspended.png", fullPage: true });

  // The dashboard lists it as suspended too.
  await page.goto("/");
  const row = page.getByTestId("server-row").filter({ hasText: hostname });
  await expect(row.getByTestId("server-row-status")).toHaveText("suspended");
});

test("a customer creates an API token, sees it once, uses it and revokes it", async ({ page, request }) => {
  await signIn(page);
  // The servers the customer sees on the dashboard.
  const hostnames = (await page.getByTestId("server-row-hostname").allTextContents()).map((text) => text.trim());

  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  const name = `e2e token ${Date.now()}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-create").click();

  const value = page.getByTestId("token-value");
  await expect(value).toBeVisible();
  const token = (await value.textContent())?.trim() ?? "";
  expect(token).toMatch(/^berth_\S{20,}$/);
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(token.slice(0, 12));
  await expect(row.getByTestId("token-status")).toHaveText("active");

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByTestId("token-value")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(token);
  await expect(row).toHaveCount(1);

  const authorization = { Authorization: `Bearer ${token}` };
  const response = await request.get("/api/v1/servers", { headers: authorization });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { servers: { id: string; hostname: string }[] };
  const listed = body.servers.map((server) => server.hostname);
  for (const hostname of hostnames) expect(listed).toContain(hostname);

  await page.reload();
  await expect(row, "the token's last use is recorded").not.toContainText("Never");

  await row.getByTestId("token-revoke").click();
  await expect(row.getByTestId("token-status")).toHaveText("revoked");
  await expect(row.getByTestId("token-revoke")).toHaveCount(0);

  const revoked = await request.get("/api/v1/servers", { headers: authorization });
  expect(revoked.status()).toBe(401);
});

test("a customer creates a read-only token for one server with an expiry, and the list shows its limits", async ({ page, request }) => {
  await signIn(page);
  await page.goto("/settings/tokens");
  const name = `e2e limited ${Date.now()}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-scope").selectOption("read");
  await page.getByTestId("token-expiry").selectOption("7");
  await page.getByTestId("token-source-ranges").fill("0.0.0.0/0, ::/0");
  const serverChoice = page.getByTestId("token-server").first();
  const limitedToServer = (await serverChoice.count()) > 0;
  if (limitedToServer) await serverChoice.check();
  await page.getByTestId("token-create").click();

  const token = ((await page.getByTestId("token-value").textContent()) ?? "").trim();
  expect(token).toMatch(/^berth_\S{20,}$/);
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row.getByTestId("token-scope-label")).toHaveText("read only");
  await expect(row.getByTestId("token-limits")).toContainText("expires");
  await expect(row.getByTestId("token-limits")).toContainText("from 0.0.0.0/0, ::/0");
  await expect(row.getByTestId("token-status")).toHaveText("active");

  const headers = { Authorization: `Bearer ${token}`, "X-Forwarded-For": "198.51.100.30" };
  const list = await request.get("/api/v1/servers", { headers });
  expect(list.status()).toBe(200);
  if (limitedToServer) expect(((await list.json()) as { servers: unknown[] }).servers).toHaveLength(1);
  const order = await request.post("/api/v1/servers", { headers, data: { plan: "small", template: "busybox", hostname: "never-made" } });
  expect(order.status()).toBe(403);
  expect(((await order.json()) as { error: { code: string } }).error.code).toBe("token_read_only");
});
