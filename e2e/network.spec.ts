import { expect, test } from "@playwright/test";
import { demoEmail, orderRunningServer, signIn } from "./support/panel";
import { seedToken, stackDatabase, terminateServers } from "./support/stack-database";

// The network in the panel: the customer sets its server's firewall from a preset plus a rule of
// its own, sees a bad rule refused by name with nothing changed, then watches its server's usage
// graphs and this month's transfer on the server page (the e2e worker reads usage every 5 s).

let headers: Record<string, string>;
const ordered: string[] = [];

test.beforeAll(async () => {
  const demo = await stackDatabase().user.findUniqueOrThrow({ where: { email: demoEmail } });
  ({ headers } = await seedToken({ user: demo }, {}));
});

// The e2e host holds a few small servers at once: give its room back.
test.afterAll(async ({ request }) => {
  await terminateServers(request, headers, ordered);
});

test("a customer sets its server's firewall and sees the server's usage", async ({ page }) => {
  test.setTimeout(300_000);
  const hostname = `e2e-net-${Date.now()}`;
  await signIn(page);
  const serverId = await orderRunningServer(page, hostname);
  ordered.push(serverId);

  const editorRows = page.getByTestId("firewall-rule-row");
  const savedRules = page.getByTestId("firewall-saved-rule");
  const version = page.getByTestId("firewall-version");

  await test.step("the server page links to its firewall, not set yet", async () => {
    await expect(page.getByTestId("server-firewall-summary")).toContainText("Not set");
    await page.getByTestId("server-firewall-link").click();
    await page.waitForURL((url) => url.pathname === `/servers/${serverId}/firewall`);
    await expect(page.getByRole("heading", { name: "Firewall" })).toBeVisible();
    await expect(version).toHaveText("0");
    await expect(savedRules).toHaveCount(0);
  });

  await test.step("the SSH only preset plus tcp 8080 from 198.51.100.0/24, saved and applied", async () => {
    await page.getByTestId("firewall-preset-ssh_only").click();
    await expect(editorRows).toHaveCount(2);
    await expect(page.getByTestId("firewall-default-inbound-select")).toHaveValue("drop");
    await page.getByTestId("firewall-add-rule").click();
    await expect(editorRows).toHaveCount(3);
    const rule = editorRows.nth(2);
    await rule.getByTestId("firewall-rule-direction").selectOption("in");
    await rule.getByTestId("firewall-rule-protocol").selectOption("tcp");
    await rule.getByTestId("firewall-rule-port").fill("8080");
    await rule.getByTestId("firewall-rule-address").fill("198.51.100.0/24");
    await rule.getByTestId("firewall-rule-action").selectOption("accept");
    await rule.getByTestId("firewall-rule-description").fill("app");
    await page.getByTestId("firewall-save").click();
    await expect(page.getByTestId("form-message")).toContainText("Saved version 1");
    // Version 1 is on the page once saved; the page refreshes itself until the host has applied it.
    await expect(version).toHaveText("1");
    await expect(page.getByTestId("firewall-state")).toHaveText("applied", { timeout: 60_000 });
  });

  await test.step("after a reload the rules are listed as saved", async () => {
    await page.reload();
    await expect(page.getByTestId("firewall-state")).toHaveText("applied");
    await expect(page.getByTestId("firewall-default-inbound")).toHaveText("Block");
    await expect(savedRules).toHaveCount(3);
    await expect(savedRules.nth(0)).toContainText("22");
    await expect(savedRules.nth(1)).toContainText("icmp", { ignoreCase: true });
    for (const text of ["Inbound", "tcp", "8080", "198.51.100.0/24", "Allow", "app"]) await expect(savedRules.nth(2)).toContainText(text, { ignoreCase: true });
    // The editor opens on the saved set too.
    await expect(editorRows).toHaveCount(3);
    await expect(editorRows.nth(2).getByTestId("firewall-rule-port")).toHaveValue("8080");
  });

  await test.step("a bad port is refused naming its rule, and the saved rules stay", async () => {
    await editorRows.nth(2).getByTestId("firewall-rule-port").fill("99999");
    await page.getByTestId("firewall-save").click();
    const error = page.getByTestId("form-error");
    await expect(error).toContainText("rules.2.port");
    await expect(error).toContainText("99999");
    await expect(editorRows.nth(2)).toHaveAttribute("data-invalid", "true");
    // What was typed is kept for correcting.
    await expect(editorRows.nth(2).getByTestId("firewall-rule-port")).toHaveValue("99999");
    await page.reload();
    await expect(version).toHaveText("1");
    await expect(savedRules).toHaveCount(3);
    await expect(savedRules.nth(2)).toContainText("8080");
    await expect(savedRules.nth(2)).not.toContainText("99999");
  });

  await page.screenshot({ path: "e2e/artifacts/server-firewall.png", fullPage: true });

  await test.step("the server page shows usage graphs and the month's transfer", async () => {
    await page.getByTestId("firewall-server-link").click();
    await page.waitForURL((url) => url.pathname === `/servers/${serverId}`);
    await expect(page.getByTestId("server-firewall-summary")).toContainText("3 rules");
    // uPlot draws on a canvas once the worker has recorded a reading; the page refreshes itself until then.
    const canvas = page.getByTestId("usage-charts").locator("canvas").first();
    await expect(canvas).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("usage-chart")).toHaveCount(4);
    const transfer = page.getByTestId("usage-transfer");
    await expect(transfer).toBeVisible();
    await expect(page.getByTestId("transfer-used")).toHaveText(/^\d+(\.\d)? (B|kB|MB|GB|TB|PB)$/);
    // The first run's small plan has no monthly allowance.
    await expect(page.getByTestId("transfer-allowance")).toHaveText("unlimited");
    await expect(page.getByTestId("transfer-limit")).toHaveCount(0);

    await page.getByTestId("usage-period-24h").click();
    await page.waitForURL((url) => url.searchParams.get("usage") === "24h");
    await expect(page.getByTestId("usage-period-24h")).toHaveAttribute("aria-current", "page");
    await expect(canvas).toBeVisible();
  });

  await page.screenshot({ path: "e2e/artifacts/server-usage.png", fullPage: true });
});
