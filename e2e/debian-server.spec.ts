import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { addSshKey } from "../lib/account/add-ssh-key";
import { hashPassword } from "../lib/security/password";
import { pressEnterUntil } from "./support/panel";
import { seedCaller, stackDatabase, terminateServers } from "./support/stack-database";

// A real Debian 12 VPS, end to end: the admin builds the image with debootstrap through the
// REST API, a customer orders two servers with a saved SSH key, and the test logs in over SSH on
// their IPv4 and IPv6 addresses from this host (the e2e bridge is local).

const execFileAsync = promisify(execFile);

type Caller = Awaited<ReturnType<typeof seedCaller>>;
let customer: Caller;
let admin: Caller;
let keyDir: string;
let keyId: string;
const rootPassword = `e2e-root-${Date.now()}`;
const panelPassword = `e2e-panel-${Date.now()}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  customer = await seedCaller("customer");
  admin = await seedCaller("admin");
  // A password the browser tests sign in with.
  for (const user of [customer.user, admin.user]) await stackDatabase().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(panelPassword) } });
  keyDir = await mkdtemp(path.join(tmpdir(), "berth-e2e-ssh-"));
  await execFileAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "e2e@berth", "-f", path.join(keyDir, "id")]);
  const publicKey = (await readFile(path.join(keyDir, "id.pub"), "utf8")).trim();
  const key = await addSshKey({ database: stackDatabase(), actor: { userId: customer.user.id, role: "customer", via: "cli" }, input: { name: "laptop", publicKey } });
  keyId = key.id;
});

const ordered: string[] = [];

test.afterAll(async ({ request }) => {
  await terminateServers(request, customer.headers, ordered);
  await rm(keyDir, { recursive: true, force: true });
});

async function waitForJob(request: APIRequestContext, caller: Caller, jobId: string, timeoutMs: number, onProgress?: (progress: number) => void) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request.get(`/api/v1/jobs/${jobId}`, { headers: caller.headers });
    expect(response.status()).toBe(200);
    const { job } = await response.json();
    onProgress?.(job.progress);
    if (job.state === "completed" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.state} at "${job.step}"`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Waits until sshd on `address` takes connections (systemd starts it a moment after the container runs). */
async function waitForSshd(address: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await ssh(address, "true");
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Runs a command in the VPS over SSH with the customer's key; known_hosts is the test's own. */
async function ssh(address: string, command: string): Promise<string> {
  const { stdout } = await execFileAsync("ssh", [
    "-i", path.join(keyDir, "id"),
    "-o", "BatchMode=yes",
    "-o", "StrictHostKeyChecking=accept-new",
    "-o", `UserKnownHostsFile=${path.join(keyDir, "known_hosts")}`,
    "-o", "ConnectTimeout=10",
    `root@${address}`,
    command,
  ]);
  return stdout.trim();
}

/** Fingerprints of the host keys this test's SSH client has accepted for `address`. */
async function acceptedFingerprints(address: string): Promise<string[]> {
  const { stdout } = await execFileAsync("ssh-keygen", ["-l", "-E", "sha256", "-F", address, "-f", path.join(keyDir, "known_hosts")]);
  return stdout.split("\n").flatMap((line) => line.match(/SHA256:[A-Za-z0-9+/]+/g) ?? []);
}

test("the admin builds the Debian 12 image through the REST API, with live progress", async ({ request }) => {
  test.setTimeout(600_000);
  const refused = await request.post("/api/v1/images/builds", { headers: customer.headers, data: { image: "debian-12" } });
  expect(refused.status()).toBe(403);

  const response = await request.post("/api/v1/images/builds", { headers: admin.headers, data: { image: "debian-12" } });
  expect(response.status()).toBe(202);
  const { job } = await response.json();
  const seen: number[] = [];
  const finished = await waitForJob(request, admin, job.id, 540_000, (progress) => seen.push(progress));
  expect(finished.error).toBeNull();
  expect(finished.state).toBe("completed");
  // Progress moved through intermediate values while debootstrap ran.
  expect(seen.some((progress) => progress > 0 && progress < 100)).toBe(true);

  const templates = await (await request.get("/api/v1/templates", { headers: customer.headers })).json();
  expect(templates.templates.map((template: { slug: string }) => template.slug)).toContain("debian-12");
});

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(panelPassword);
  await page.getByTestId("signin-submit").click();
  await page.waitForURL((url) => url.pathname === "/" || url.pathname.startsWith("/admin"));
}

test("the templates page lists the built version and offers the build and import forms", async ({ page }) => {
  await signInAs(page, admin.user.email);
  await page.goto("/admin/templates");
  await expect(page.getByTestId("image-version-row").filter({ hasText: "Debian GNU/Linux 12 (bookworm)" }).first()).toBeVisible();
  await expect(page.getByTestId("image-build")).toBeVisible();
  await expect(page.getByTestId("image-import")).toBeVisible();
  await page.screenshot({ path: "e2e/artifacts/admin-images.png", fullPage: true });
});

let first: { id: string; image: string; ipv4: string; ipv6: string; hostKeys: Array<{ type: string; fingerprint: string }> };

test("a Debian 12 VPS ordered with a saved key boots and takes SSH logins on IPv4 and IPv6", async ({ request }) => {
  test.setTimeout(300_000);
  const order = async (hostname: string) => {
    const response = await request.post("/api/v1/servers", {
      headers: customer.headers,
      data: { plan: "small", template: "debian-12", hostname, sshKeys: [keyId], rootPassword },
    });
    expect(response.status()).toBe(202);
    const body = await response.json();
    ordered.push(body.server.id);
    // The password was chosen, so none is generated or echoed.
    expect(body.rootPassword).toBeUndefined();
    return body;
  };
  const [a, b] = [await order("deb-a"), await order("deb-b")];
  for (const ordered of [a, b]) expect((await waitForJob(request, customer, ordered.job.id, 180_000)).state).toBe("completed");
  const read = async (id: string) => (await (await request.get(`/api/v1/servers/${id}`, { headers: customer.headers })).json()).server;
  first = await read(a.server.id);
  const second = await read(b.server.id);
  expect(first.image).toMatch(/^debian-12@\d{8}T\d{6}Z$/);
  expect(first.hostKeys.length).toBeGreaterThan(0);

  await waitForSshd(first.ipv4);
  await waitForSshd(second.ipv4);
  // systemd finished booting: running, or degraded by a unit that cannot work in any container.
  expect(await ssh(first.ipv4, "systemctl is-system-running --wait || true")).toMatch(/^(running|degraded)$/);
  expect(await ssh(first.ipv4, "hostname")).toBe("deb-a");
  expect(await ssh(first.ipv6, "hostname")).toBe("deb-a");
  // The plan (small): 1 vCPU, 256 MiB of memory, seen through the VPS's own /proc.
  expect(await ssh(first.ipv4, "nproc")).toBe("1");
  const memoryTotal = Number((await ssh(first.ipv4, "free -m")).split("\n")[1]?.split(/\s+/)[1]);
  expect(memoryTotal).toBeGreaterThan(200);
  expect(memoryTotal).toBeLessThanOrEqual(256);
  // The host key the client accepted is one the panel shows for the first login.
  for (const fingerprint of await acceptedFingerprints(first.ipv4)) {
    expect(first.hostKeys.map((key) => key.fingerprint)).toContain(fingerprint);
  }

  // Two VPS from one image share neither host keys nor machine-id.
  expect(second.hostKeys.map((key: { fingerprint: string }) => key.fingerprint).some((fingerprint: string) => first.hostKeys.some((key) => key.fingerprint === fingerprint))).toBe(false);
  const machineIds = [await ssh(first.ipv4, "cat /etc/machine-id"), await ssh(second.ipv4, "cat /etc/machine-id")];
  expect(machineIds[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(machineIds[0]).not.toBe(machineIds[1]);
  // Only the hash of the chosen password is in the VPS.
  expect(await ssh(first.ipv4, "getent shadow root | cut -d: -f2")).toMatch(/^\$6\$/);
});

test("the root password chosen at order time logs in on the Debian server's browser console", async ({ page }) => {
  await signInAs(page, customer.user.email);
  await page.goto(`/servers/${first.id}`);
  await expect(page.getByTestId("server-host-key").first()).toContainText("SHA256:");
  await page.getByTestId("console-open").click();
  await expect(page.getByTestId("console-status")).toHaveText(/Connected/);
  const terminal = page.getByTestId("console-terminal").locator(".xterm-rows");
  await page.getByTestId("console-terminal").click();
  await pressEnterUntil(page, terminal, "login:");
  await page.keyboard.type("root");
  await page.keyboard.press("Enter");
  await expect(terminal).toContainText("Password:");
  await page.keyboard.type(rootPassword);
  await page.keyboard.press("Enter");
  await expect(terminal).toContainText("root@deb-a");
  await page.keyboard.type("hostname");
  await page.keyboard.press("Enter");
  await expect(terminal).toContainText(/hostname\s*deb-a/);
  await page.screenshot({ path: "e2e/artifacts/debian-console.png" });
  await page.keyboard.type("exit");
  await page.keyboard.press("Enter");
});
