import { requestServerAction } from "../lib/action-catalogue/request-server-action";
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import type { Actor } from "../lib/access/actor";
import { createDatabase, type Database } from "../lib/database/client";
import { databaseUrl, redisUrl as stackRedisUrl } from "../lib/settings";
import { loadEnvironment } from "../lib/load-environment";
import { createJobQueue, type JobQueue } from "../lib/jobs/queue";
import { createOrder } from "../lib/orders/create-order";
import { hashPassword } from "../lib/security/password";
import { demoEmail } from "./support/panel";

/*
 * The admin console against the full stack: a provisioning job fails for good because its
 * template's subvolume is missing on the host; the admin sees the error on the jobs page, fixes
 * the template on the templates page and retries the job, which then completes.
 * Set up directly in the stack's database (BERTH_DATA_DIR): an admin with a known password, the
 * broken template and the demo customer's order. Everything the test checks goes through the UI.
 */

let database: Database;
let queue: JobQueue;
const password = `pw-${randomBytes(9).toString("base64url")}`;
const suffix = randomBytes(4).toString("hex");
const adminEmail = `admin-${suffix}@e2e.test`;
const templateSlug = `e2e-broken-${suffix}`;
let adminId: string;
let templateId: string;
let jobId: string;
let serverId: string;

// The stack's Redis wants the password up.sh generated into its secrets.env (readable by root, as these tests run).
function redisUrl(): string {
  const env = { ...process.env };
  loadEnvironment(env);
  return stackRedisUrl(env);
}

test.beforeAll(async () => {
  if (!process.env.BERTH_DATA_DIR) throw new Error("BERTH_DATA_DIR is not set: it must name the e2e stack's data folder");
  database = createDatabase(databaseUrl());
  queue = createJobQueue(redisUrl());
  const admin = await database.user.create({ data: { email: adminEmail, name: `Admin ${suffix}`, role: "admin", passwordHash: await hashPassword(password) } });
  adminId = admin.id;
  const template = await database.template.create({ data: { slug: templateSlug, name: `Broken ${suffix}`, agentTemplate: "not-on-this-host" } });
  templateId = template.id;
  const demo = await database.user.findUniqueOrThrow({ where: { email: demoEmail } });
  const { job, server } = await createOrder({
    database,
    queue,
    customerId: demo.id,
    input: { plan: "small", template: templateSlug, hostname: `e2e-retry-${suffix}` },
  });
  jobId = job.id;
  serverId = server.id;
});

test.afterAll(async () => {
  // Test data only: the retried server is terminated (the record stays), the template retired, the admin removed.
  const actor: Actor = { userId: adminId, role: "admin", via: "cli" };
  try {
    if (serverId) await requestServerAction({ database, queue, actor, serverId, input: { type: "terminate" } }).catch((error: Error) => console.error(`cleanup: ${error.message}`));
    if (templateId) await database.template.update({ where: { id: templateId }, data: { active: false } });
    await database.user.deleteMany({ where: { id: adminId } });
  } finally {
    await queue?.close();
    await database?.$disconnect();
  }
});

async function signInAsAdmin(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(adminEmail);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("signin-submit").click();
  await page.waitForURL((url) => url.pathname === "/");
}

test("the admin fixes a failed provisioning job's template and retries it to completion", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsAdmin(page);
  await expect(page.getByTestId("nav-section-admin")).toBeVisible();

  await page.getByRole("link", { name: "Jobs" }).click();
  await page.waitForURL((url) => url.pathname === "/admin/jobs");
  const row = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`);
  // The page follows running jobs on its own; the job fails on its first attempt (a 4xx from the agent is permanent).
  await expect(row).toHaveAttribute("data-state", "failed", { timeout: 90_000 });
  await expect(row.getByTestId("job-error")).toContainText("not-on-this-host");

  await test.step("fix the template on the templates page", async () => {
    await page.getByRole("link", { name: "Templates" }).click();
    const templateRow = page.locator(`[data-testid="template-row"][data-slug="${templateSlug}"]`);
    await templateRow.getByTestId("template-edit").click();
    const agentTemplate = page.getByTestId("template-agent-input");
    await agentTemplate.fill("busybox");
    await page.getByTestId("template-save").click();
    await expect(page.getByTestId("form-message")).toContainText(`Template ${templateSlug} saved`);
    await expect(templateRow.getByTestId("template-agent-template")).toHaveText("busybox");
  });

  await test.step("retry the job and watch it complete", async () => {
    await page.getByRole("link", { name: "Jobs" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/jobs");
    await row.getByTestId("job-retry").click();
    await expect(row).toHaveAttribute("data-state", /^(queued|running|completed)$/);
    await expect(row).toHaveAttribute("data-state", "completed", { timeout: 150_000 });
    await expect(page.locator('[data-testid="job-row"][data-state="failed"][data-job-id="' + jobId + '"]')).toHaveCount(0);
  });

  await page.screenshot({ path: "e2e/artifacts/admin-jobs.png", fullPage: true });

  await test.step("the server runs and is listed with its owner", async () => {
    await page.getByRole("link", { name: "Servers", exact: true }).click();
    const serverRow = page.locator(`[data-testid="admin-server-row"][data-server-id="${serverId}"]`);
    await expect(serverRow).toContainText(demoEmail);
    await expect(serverRow.getByTestId("server-row-status")).toHaveText("running");
  });

  await test.step("the retry is in the audit log", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    // The admin's own events name it "You"; the target is the retried job.
    const retryRow = page.locator('[data-testid="audit-row"][data-action="job.retry"]').first();
    await expect(retryRow).toContainText("You");
    await expect(retryRow).toContainText("success");
  });
});
