import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { addSshKey } from "../../lib/account/add-ssh-key";
import { signBillingPayload } from "../../lib/billing/signature";
import { sha512Crypt } from "../../lib/security/crypt-password";
import { seedCaller, stackDatabase, terminateServers } from "../support/stack-database";

// The order contract's first-boot fields (REST and billing webhook) and reset_password, checked
// against what lands in the VPS's /etc/shadow and authorized_keys (read with lxc-attach).

const execFileAsync = promisify(execFile);
type Caller = Awaited<ReturnType<typeof seedCaller>>;
let customer: Caller;
let other: Caller;
let admin: Caller;
const ordered: string[] = [];
const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDS047qVK6K4gEx4sSbum1DfrxiyRNcNUErsVvdiAvEU known@berth";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  customer = await seedCaller("customer");
  other = await seedCaller("customer");
  admin = await seedCaller("admin");
});

test.afterAll(async ({ request }) => {
  await terminateServers(request, admin.headers, ordered);
});

async function waitForJob(request: APIRequestContext, caller: Caller, jobId: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { job } = await (await request.get(`/api/v1/jobs/${jobId}`, { headers: caller.headers })).json();
    if (job.state === "completed" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.state}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A file inside the server's container, read by the container's own root (never through the host's path). */
async function readInServer(serverId: string, file: string): Promise<string> {
  const server = await stackDatabase().server.findUniqueOrThrow({ where: { id: serverId } });
  const lxcPath = path.join(process.env.BERTH_DATA_DIR ?? "", "lxc");
  const { stdout } = await execFileAsync("lxc-attach", ["-n", server.containerName, "-P", lxcPath, "--", "cat", file]);
  return stdout;
}

/** Whether root's /etc/shadow entry is the crypt hash of `password`. */
async function rootPasswordIs(serverId: string, password: string): Promise<boolean> {
  const hash = (await readInServer(serverId, "/etc/shadow")).split("\n").find((line) => line.startsWith("root:"))?.split(":")[1] ?? "";
  const salt = hash.split("$")[2] ?? "";
  return hash.startsWith("$6$") && sha512Crypt(password, salt) === hash;
}

test("bad first-boot fields are refused naming the field, and nothing is ordered", async ({ request }) => {
  const before = await stackDatabase().order.count();
  const foreignKey = await addSshKey({ database: stackDatabase(), actor: { userId: other.user.id, role: "customer", via: "cli" }, input: { name: "theirs", publicKey } });
  const base = { plan: "small", template: "busybox", hostname: "fb-refused" };
  const cases: Array<[Record<string, unknown>, number, RegExp]> = [
    [{ rootPassword: "short" }, 400, /^rootPassword/],
    [{ rootPassword: "x".repeat(129) }, 400, /^rootPassword/],
    [{ userData: "#".repeat(64 * 1024 + 1) }, 400, /^userData/],
    [{ sshKeys: "not-a-list" }, 400, /^sshKeys/],
    // Another customer's saved key is no key of this customer's.
    [{ sshKeys: [foreignKey.id] }, 422, /^sshKeys: no saved SSH key/],
  ];
  for (const [fields, status, message] of cases) {
    const response = await request.post("/api/v1/servers", { headers: customer.headers, data: { ...base, ...fields } });
    expect(response.status(), JSON.stringify(fields).slice(0, 80)).toBe(status);
    expect((await response.json()).error.message).toMatch(message);
  }
  expect(await stackDatabase().order.count()).toBe(before);
});

let serverId: string;
let generated: string;

test("an order without a password gets a generated one, shown once; only its hash reaches the VPS", async ({ request }) => {
  const key = await addSshKey({ database: stackDatabase(), actor: { userId: customer.user.id, role: "customer", via: "cli" }, input: { name: "laptop", publicKey } });
  const response = await request.post("/api/v1/servers", { headers: customer.headers, data: { plan: "small", template: "busybox", hostname: "fb-generated", sshKeys: [key.id] } });
  expect(response.status()).toBe(202);
  const body = await response.json();
  generated = body.rootPassword;
  expect(generated).toMatch(/^[A-Za-z0-9]{20}$/);
  serverId = body.server.id;
  ordered.push(serverId);
  expect((await waitForJob(request, customer, body.job.id)).state).toBe("completed");

  expect(await rootPasswordIs(serverId, generated)).toBe(true);
  expect(await readInServer(serverId, "/root/.ssh/authorized_keys")).toContain(publicKey.split(" ")[1]);
  // Neither the password nor anything that shows it is kept: not the server, the audit trail, or the job.
  const server = await (await request.get(`/api/v1/servers/${serverId}`, { headers: customer.headers })).json();
  expect(JSON.stringify(server)).not.toContain(generated);
  const audit = await stackDatabase().auditEvent.findMany({ where: { OR: [{ targetId: serverId }, { targetId: body.server.id }] } });
  for (const event of audit) expect(event.details ?? "").not.toContain(generated);
  const job = await stackDatabase().job.findUniqueOrThrow({ where: { id: body.job.id } });
  expect(job.payload).not.toContain(generated);
});

test("reset_password sets a new root password in the running VPS; a short one is refused", async ({ request }) => {
  const short = await request.post(`/api/v1/servers/${serverId}/actions`, { headers: customer.headers, data: { type: "reset_password", rootPassword: "short" } });
  expect(short.status()).toBe(400);
  expect((await short.json()).error.message).toMatch(/^rootPassword/);

  const password = `reset-${randomBytes(6).toString("hex")}`;
  const response = await request.post(`/api/v1/servers/${serverId}/actions`, { headers: customer.headers, data: { type: "reset_password", rootPassword: password } });
  expect(response.status()).toBe(202);
  const { job } = await response.json();
  expect((await waitForJob(request, customer, job.id)).state).toBe("completed");
  expect(await rootPasswordIs(serverId, password)).toBe(true);
  expect(await rootPasswordIs(serverId, generated)).toBe(false);
  const audit = await stackDatabase().auditEvent.findFirstOrThrow({ where: { targetId: serverId, action: "server.reset_password" } });
  expect(audit.details ?? "").not.toContain(password);
  // Another customer's server answers 404, as if absent.
  const foreign = await request.post(`/api/v1/servers/${serverId}/actions`, { headers: other.headers, data: { type: "reset_password", rootPassword: password } });
  expect(foreign.status()).toBe(404);
});

test("service.create takes public keys and the billing system's password; a replay answers the same", async ({ request }) => {
  const secret = process.env.BERTH_BILLING_SECRET ?? "";
  const password = `billing-${randomBytes(6).toString("hex")}`;
  const send = (body: unknown) => {
    const raw = JSON.stringify(body);
    return request.post("/api/webhooks/billing", { headers: { "Content-Type": "application/json", "Berth-Signature": signBillingPayload(secret, raw) }, data: Buffer.from(raw) });
  };
  const event = (sshKeys: string[]) => ({
    id: `evt_${randomBytes(6).toString("hex")}`,
    type: "service.create",
    data: {
      serviceId: `svc-${randomBytes(4).toString("hex")}`,
      customer: { email: `fb-${randomBytes(3).toString("hex")}@e2e.test`, name: "First Boot" },
      plan: "small",
      hostname: "fb-billed",
      template: "busybox",
      sshKeys,
      rootPassword: password,
    },
  });
  const refused = await send(event(["ssh-ed25519 not-base64!"]));
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.message).toMatch(/^sshKeys\.0: /);

  const accepted = event([publicKey]);
  const first = await send(accepted);
  expect(first.status()).toBe(202);
  const body = await first.json();
  expect(body).toEqual({ jobId: expect.any(String), serverId: expect.any(String) });
  ordered.push(body.serverId);
  expect(await (await send(accepted)).json()).toEqual(body);
  const deadline = Date.now() + 90_000;
  while ((await stackDatabase().server.findUniqueOrThrow({ where: { id: body.serverId } })).status !== "running") {
    if (Date.now() > deadline) throw new Error("the billed server did not start");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(await rootPasswordIs(body.serverId, password)).toBe(true);
  expect(await readInServer(body.serverId, "/root/.ssh/authorized_keys")).toContain(publicKey.split(" ")[1]);
});
