import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { ZBillingEvent } from "../../lib/billing/billing-events";
import { checkBillingSignature } from "../../lib/billing/signature";
import { verifyPassword } from "../../lib/security/password";
import { hashApiToken } from "../../lib/tokens/api-tokens";
import { createTestDatabase } from "../support/database";
import { startRedis } from "../support/redis";

const cliPath = fileURLToPath(new URL("../../bin/berth.js", import.meta.url));
let testDatabase: ReturnType<typeof createTestDatabase>;
let dataDirectory: string;

before(() => {
  testDatabase = createTestDatabase();
  // On SQLite the data folder is the database's own (so the token check below reads the file);
  // a PostgreSQL database lives on its server and the folder only holds what the CLI writes.
  dataDirectory = testDatabase.url.startsWith("file:")
    ? path.dirname(testDatabase.url.slice("file:".length))
    : mkdtempSync(path.join(os.tmpdir(), "berth-cli-data-"));
});

after(async () => {
  await testDatabase?.remove();
  if (testDatabase && !testDatabase.url.startsWith("file:")) rmSync(dataDirectory, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as an operator would, from outside the repository. */
function berth(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const baseEnv: Record<string, string | undefined> = {
    ...process.env,
    BERTH_DATA_DIR: dataDirectory,
    BERTH_DATABASE_URL: testDatabase.url,
    BERTH_ENCRYPTION_KEY: "test",
    BERTH_BILLING_SECRET: "",
  };
  // Next's types make NODE_ENV required in ProcessEnv; the child inherits whatever this process has.
  const childEnv = { ...baseEnv, ...env } as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { cwd: os.tmpdir(), env: childEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function assertExit(result: CliResult, code: number) {
  assert.equal(result.code, code, `expected exit ${code}; stdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

test("help, no arguments and unknown commands show the usage", async () => {
  for (const args of [[], ["help"]]) {
    const result = await berth(args);
    assertExit(result, 0);
    assert.match(result.stdout, /Usage: berth/);
  }
  const unknown = await berth(["frobnicate"]);
  assertExit(unknown, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  assert.match(unknown.stderr, /Usage: berth/);
});

test("user create generates a password, prints it once and stores only its hash", async () => {
  const result = await berth(["user", "create", "--email", "Admin2@Example.com", "--name", "Second Admin", "--role", "admin"]);
  assertExit(result, 0);
  const password = /^Password: (\S+)$/m.exec(result.stdout)?.[1];
  assert.ok(password, result.stdout);
  assert.equal(result.stdout.split(password).length - 1, 1, "the password is printed exactly once");

  const user = await testDatabase.database.user.findUniqueOrThrow({ where: { email: "admin2@example.com" } });
  assert.match(result.stdout, new RegExp(user.id));
  assert.equal(user.role, "admin");
  assert.notEqual(user.passwordHash, password);
  assert.ok(await verifyPassword(password, user.passwordHash));
  const audit = await testDatabase.database.auditEvent.findFirstOrThrow({ where: { action: "user.create", targetId: user.id } });
  assert.equal(audit.actorType, "system");
  assert.ok(!audit.details?.includes(password), "the audit trail must not hold the password");
});

test("user create refuses a taken email (exit 1) and a bad role or short password (exit 2)", async () => {
  const duplicate = await berth(["user", "create", "--email", "admin2@example.com", "--name", "Again"]);
  assertExit(duplicate, 1);
  assert.match(duplicate.stderr, /admin2@example\.com already exists/);

  const badRole = await berth(["user", "create", "--email", "x@example.com", "--name", "X", "--role", "superuser"]);
  assertExit(badRole, 2);
  assert.match(badRole.stderr, /--role must be one of admin, reseller, customer/);

  const shortPassword = await berth(["user", "create", "--email", "x@example.com", "--name", "X", "--password", "short"]);
  assertExit(shortPassword, 2);
  assert.match(shortPassword.stderr, /--password must be at least 10 characters/);

  const missingName = await berth(["user", "create", "--email", "x@example.com"]);
  assertExit(missingName, 2);
  assert.match(missingName.stderr, /--name is required/);

  const unknownFlag = await berth(["user", "create", "--email", "x@example.com", "--nmae", "X"]);
  assertExit(unknownFlag, 2);
  assert.match(unknownFlag.stderr, /unknown flag --nmae/);
  assert.equal(await testDatabase.database.user.count({ where: { email: "x@example.com" } }), 0);
});

test("a customer can be created under a reseller, and only under an existing one", async () => {
  assertExit(await berth(["user", "create", "--email", "reseller@example.com", "--name", "Reseller", "--role", "reseller", "--password", "reseller-password"]), 0);
  const customer = await berth(["user", "create", "--email", "customer@example.com", "--name", "Customer", "--reseller", "reseller@example.com", "--password", "customer-password"]);
  assertExit(customer, 0);
  assert.doesNotMatch(customer.stdout, /Password:/, "a password given on the command line is not echoed");

  const reseller = await testDatabase.database.user.findUniqueOrThrow({ where: { email: "reseller@example.com" } });
  const stored = await testDatabase.database.user.findUniqueOrThrow({ where: { email: "customer@example.com" } });
  assert.equal(stored.role, "customer");
  assert.equal(stored.resellerId, reseller.id);
  assert.ok(await verifyPassword("customer-password", stored.passwordHash));

  const list = await berth(["user", "list", "--json"]);
  assertExit(list, 0);
  const users = JSON.parse(list.stdout) as { email: string; role: string; resellerEmail: string | null }[];
  assert.deepEqual(
    users.find((user) => user.email === "customer@example.com"),
    { ...users.find((user) => user.email === "customer@example.com"), role: "customer", resellerEmail: "reseller@example.com" },
  );
  const table = await berth(["user", "list"]);
  assert.match(table.stdout, /^ID\s+EMAIL\s+NAME\s+ROLE\s+RESELLER\s+CREATED$/m);
  assert.match(table.stdout, /customer@example\.com\s+Customer\s+customer\s+reseller@example\.com/);

  const unknownReseller = await berth(["user", "create", "--email", "orphan@example.com", "--name", "Orphan", "--reseller", "nobody@example.com"]);
  assertExit(unknownReseller, 1);
  assert.match(unknownReseller.stderr, /No user with email nobody@example\.com/);
  const notAReseller = await berth(["user", "create", "--email", "orphan@example.com", "--name", "Orphan", "--reseller", "customer@example.com"]);
  assertExit(notAReseller, 1);
  assert.match(notAReseller.stderr, /customer@example\.com is a customer, not a reseller/);
});

test("a token is printed once, stored only as its hash, listed and revoked", async () => {
  const created = await berth(["token", "create", "--email", "customer@example.com", "--name", "ci"]);
  assertExit(created, 0);
  const token = /^(berth_\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(token, created.stdout);
  assert.match(created.stdout, /shown only now/);

  const stored = await testDatabase.database.apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(token) }, include: { owner: true } });
  assert.equal(stored.owner.email, "customer@example.com");
  assert.equal(stored.name, "ci");
  // Read by another process: closing a descriptor of the live database in this one would drop
  // this process's SQLite locks on it (POSIX locks are per process), and WAL readers need theirs.
  for (const file of readdirSync(dataDirectory)) {
    assert.ok(!execFileSync("cat", [path.join(dataDirectory, file)]).includes(token), `${file} must not contain the token`);
  }

  const list = await berth(["token", "list", "--email", "customer@example.com", "--json"]);
  assertExit(list, 0);
  const tokens = JSON.parse(list.stdout) as { id: string; name: string; prefix: string; revokedAt: string | null }[];
  assert.deepEqual(tokens.map(({ id, name, prefix, revokedAt }) => ({ id, name, prefix, revokedAt })), [
    { id: stored.id, name: "ci", prefix: token.slice(0, 12), revokedAt: null },
  ]);
  assert.doesNotMatch(list.stdout, new RegExp(token));

  const othersToken = await berth(["token", "revoke", "--email", "reseller@example.com", "--id", stored.id]);
  assertExit(othersToken, 1);
  assert.match(othersToken.stderr, /not found/);

  const revoked = await berth(["token", "revoke", "--email", "customer@example.com", "--id", stored.id]);
  assertExit(revoked, 0);
  const after = await testDatabase.database.apiToken.findUniqueOrThrow({ where: { id: stored.id } });
  assert.ok(after.revokedAt);
  const table = await berth(["token", "list", "--email", "customer@example.com"]);
  assert.match(table.stdout, new RegExp(`${stored.id}\\s+ci\\s+berth_\\S+\\s+\\S+\\s+-\\s+\\d{4}-`));

  const unknownUser = await berth(["token", "create", "--email", "ghost@example.com", "--name", "x"]);
  assertExit(unknownUser, 1);
  assert.match(unknownUser.stderr, /No user with email ghost@example\.com/);
});

test("token create takes a scope, source ranges and an expiry, and token list shows them", async () => {
  const created = await berth(["token", "create", "--email", "customer@example.com", "--name", "reader", "--scope", "read", "--source-ranges", "192.0.2.0/24, 2001:db8::/32", "--expires-in-days", "30"]);
  assertExit(created, 0);
  assert.match(created.stdout, /Created read-only API token \S+ \(reader\) for customer@example\.com, expiring \d{4}-/);
  const token = /^(berth_\S+)$/m.exec(created.stdout)?.[1];
  const stored = await testDatabase.database.apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(token ?? "") } });
  assert.equal(stored.scope, "read");
  assert.deepEqual(JSON.parse(stored.sourceRanges ?? "null"), ["192.0.2.0/24", "2001:db8::/32"]);
  assert.ok(stored.expiresAt && stored.expiresAt.getTime() > Date.now() + 29 * 86_400_000);

  const list = JSON.parse((await berth(["token", "list", "--email", "customer@example.com", "--json"])).stdout) as { id: string; scope: string; sourceRanges: string[] | null; serverIds: string[] | null }[];
  assert.deepEqual(list.find((row) => row.id === stored.id), { ...list.find((row) => row.id === stored.id), scope: "read", sourceRanges: ["192.0.2.0/24", "2001:db8::/32"], serverIds: null });

  const badScope = await berth(["token", "create", "--email", "customer@example.com", "--name", "x", "--scope", "admin"]);
  assertExit(badScope, 2);
  assert.match(badScope.stderr, /--scope must be one of read, full/);
  const badRange = await berth(["token", "create", "--email", "customer@example.com", "--name", "x", "--source-ranges", "10.0.0.0/40"]);
  assertExit(badRange, 2);
  assert.match(badRange.stderr, /sourceRanges/);
  const notTheirs = await berth(["token", "create", "--email", "customer@example.com", "--name", "x", "--servers", "no-such-server"]);
  assertExit(notTheirs, 1);
  assert.match(notTheirs.stderr, /server no-such-server not found/);
});

test("user sign-in-ranges limits where an account signs in from, and \"\" lifts the limit", async () => {
  const limited = await berth(["user", "sign-in-ranges", "--email", "customer@example.com", "--ranges", "192.0.2.0/24,2001:db8::/32"]);
  assertExit(limited, 0);
  assert.match(limited.stdout, /customer@example\.com may sign in only from 192\.0\.2\.0\/24, 2001:db8::\/32/);
  const stored = await testDatabase.database.user.findUniqueOrThrow({ where: { email: "customer@example.com" } });
  assert.deepEqual(JSON.parse(stored.signInRanges ?? "null"), ["192.0.2.0/24", "2001:db8::/32"]);

  const bad = await berth(["user", "sign-in-ranges", "--email", "customer@example.com", "--ranges", "192.0.2.0/40"]);
  assertExit(bad, 2);
  assert.match(bad.stderr, /--ranges "192\.0\.2\.0\/40" is not an IPv4 or IPv6 range/);
  assertExit(await berth(["user", "sign-in-ranges", "--email", "customer@example.com"]), 2);

  const lifted = await berth(["user", "sign-in-ranges", "--email", "customer@example.com", "--ranges", ""]);
  assertExit(lifted, 0);
  assert.match(lifted.stdout, /may sign in from anywhere/);
  assert.equal((await testDatabase.database.user.findUniqueOrThrow({ where: { email: "customer@example.com" } })).signInRanges, null);
});

test("servers list shows owner, plan, addresses, host and container, and filters by status", async () => {
  const { database } = testDatabase;
  const owner = await database.user.findUniqueOrThrow({ where: { email: "customer@example.com" } });
  const plan = await database.plan.create({
    data: { slug: "small", name: "Small", vcpus: 1, memoryMb: 256, swapMb: 256, diskMb: 1024, processes: 256, ioReadMbps: 100, ioWriteMbps: 50, networkMbps: 100, monthlyPriceCents: 400 },
  });
  const template = await database.template.create({ data: { slug: "busybox", name: "BusyBox", agentTemplate: "busybox" } });
  const host = await database.host.create({
    data: { name: "node-1", agentUrl: "http://127.0.0.1:7070", agentSecretEncrypted: "v1:x:y:z", vcpuCapacity: 8, memoryMbCapacity: 8192, diskMbCapacity: 100_000 },
  });
  const pool4 = await database.ipPool.create({ data: { name: "v4", family: 4, network: "10.77.0.0/24", gateway: "10.77.0.1" } });
  const pool6 = await database.ipPool.create({ data: { name: "v6", family: 6, network: "fd77::/64", gateway: "fd77::1" } });
  const running = await database.server.create({
    data: { hostname: "web-one", ownerId: owner.id, planId: plan.id, templateId: template.id, hostId: host.id, containerName: "berth-web-one", status: "running" },
  });
  await database.ipAddress.createMany({
    data: [
      { poolId: pool4.id, address: "10.77.0.10", serverId: running.id },
      { poolId: pool6.id, address: "fd77::10", serverId: running.id },
    ],
  });
  await database.server.create({
    data: { hostname: "web-two", ownerId: owner.id, planId: plan.id, templateId: template.id, containerName: "berth-web-two", status: "pending" },
  });

  const all = await berth(["servers", "list", "--json"]);
  assertExit(all, 0);
  const servers = JSON.parse(all.stdout) as Record<string, unknown>[];
  assert.equal(servers.length, 2);
  assert.deepEqual(servers[0], {
    id: running.id,
    hostname: "web-one",
    status: "running",
    ownerEmail: "customer@example.com",
    planSlug: "small",
    ipv4: "10.77.0.10",
    ipv6: "fd77::10",
    hostName: "node-1",
    containerName: "berth-web-one",
  });
  assert.equal(servers[1]!.hostName, null);

  const pending = await berth(["servers", "list", "--status", "pending"]);
  assertExit(pending, 0);
  assert.match(pending.stdout, /^ID\s+HOSTNAME\s+STATUS\s+OWNER\s+PLAN\s+IPV4\s+IPV6\s+HOST\s+CONTAINER$/m);
  assert.match(pending.stdout, /web-two\s+pending\s+customer@example\.com\s+small\s+-\s+-\s+-\s+berth-web-two/);
  assert.doesNotMatch(pending.stdout, /web-one/);

  const badStatus = await berth(["servers", "list", "--status", "on"]);
  assertExit(badStatus, 2);
  assert.match(badStatus.stderr, /--status must be one of pending, provisioning, running/);
});

test("jobs list shows the newest jobs first, filtered by state and limited", async () => {
  const { database } = testDatabase;
  const server = await database.server.findFirstOrThrow({ where: { hostname: "web-one" } });
  const base = Date.parse("2026-01-01T00:00:00Z");
  await database.job.create({ data: { type: "provision", serverId: server.id, state: "completed", progress: 100, step: "start", createdAt: new Date(base) } });
  await database.job.create({ data: { type: "stop", serverId: server.id, state: "failed", progress: 40, step: "stop", error: "agent unreachable", createdAt: new Date(base + 1000) } });
  await database.job.create({ data: { type: "start", serverId: server.id, state: "queued", createdAt: new Date(base + 2000) } });

  const all = await berth(["jobs", "list", "--json"]);
  assertExit(all, 0);
  assert.deepEqual((JSON.parse(all.stdout) as { type: string }[]).map((job) => job.type), ["start", "stop", "provision"]);

  const failed = await berth(["jobs", "list", "--state", "failed", "--json"]);
  const [job, ...rest] = JSON.parse(failed.stdout) as Record<string, unknown>[];
  assert.equal(rest.length, 0);
  assert.deepEqual({ ...job, id: undefined }, {
    id: undefined, type: "stop", state: "failed", progress: 40, step: "stop", error: "agent unreachable", serverId: server.id, createdAt: "2026-01-01T00:00:01Z",
  });

  const limited = await berth(["jobs", "list", "--limit", "1"]);
  assertExit(limited, 0);
  assert.equal(limited.stdout.trim().split("\n").length, 2, "a header and one job");
  assert.match(limited.stdout, /start\s+queued\s+0%/);

  assertExit(await berth(["jobs", "list", "--limit", "none"]), 2);
  assertExit(await berth(["jobs", "list", "--state", "done"]), 2);
});

interface RecordedRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the panel's webhook endpoint that records what it receives. */
async function startRecordingServer(status: number) {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify({ received: true, status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { requests, url: `http://127.0.0.1:${port}/api/webhooks/billing`, port, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("billing send posts a valid, signed event and reports the answer", async () => {
  const panel = await startRecordingServer(202);
  try {
    const result = await berth(
      ["billing", "send", "service.create", "--service", "svc-42", "--email", "Buyer@Example.com", "--name", "Buyer", "--plan", "small", "--hostname", "shop", "--template", "busybox"],
      { BERTH_PANEL_PORT: String(panel.port), BERTH_BILLING_SECRET: "billing-secret" },
    );
    assertExit(result, 0);
    assert.match(result.stdout, /HTTP 202/);
    assert.match(result.stdout, /"received": true/);

    assert.equal(panel.requests.length, 1);
    const [request] = panel.requests;
    assert.equal(request!.method, "POST");
    assert.equal(request!.url, "/api/webhooks/billing");
    assert.equal(request!.headers["content-type"], "application/json");
    const body = JSON.parse(request!.body) as { id: string };
    assert.match(body.id, /^evt_[0-9a-f]+$/);
    assert.deepEqual(body, {
      id: body.id,
      type: "service.create",
      data: { serviceId: "svc-42", customer: { email: "buyer@example.com", name: "Buyer" }, plan: "small", hostname: "shop", template: "busybox" },
    });
    assert.ok(ZBillingEvent.safeParse(body).success);
    const signature = request!.headers["berth-signature"];
    assert.equal(typeof signature, "string");
    assert.equal(checkBillingSignature("billing-secret", request!.body, signature as string), null);
    assert.equal(checkBillingSignature("another-secret", request!.body, signature as string), "mismatch");
  } finally {
    await panel.close();
  }
});

test("billing send exits 1 when the panel refuses the event, with its answer printed", async () => {
  const panel = await startRecordingServer(401);
  try {
    const result = await berth(["billing", "send", "service.suspend", "--id", "evt_fixed", "--service", "svc-42", "--reason", "unpaid", "--url", panel.url, "--secret", "s"]);
    assertExit(result, 1);
    assert.match(result.stdout, /HTTP 401/);
    assert.deepEqual(JSON.parse(panel.requests[0]!.body), { id: "evt_fixed", type: "service.suspend", data: { serviceId: "svc-42", reason: "unpaid" } });
  } finally {
    await panel.close();
  }
});

test("billing send refuses an incomplete event, names the missing flag and sends nothing", async () => {
  const panel = await startRecordingServer(202);
  try {
    const missingPlan = await berth(
      ["billing", "send", "service.create", "--service", "svc-43", "--email", "buyer@example.com", "--name", "Buyer", "--hostname", "shop", "--template", "busybox", "--url", panel.url, "--secret", "s"],
    );
    assertExit(missingPlan, 2);
    assert.match(missingPlan.stderr, /--plan is required for service\.create/);

    const unknownType = await berth(["billing", "send", "service.explode", "--service", "svc-43", "--url", panel.url, "--secret", "s"]);
    assertExit(unknownType, 2);
    assert.match(unknownType.stderr, /expected one of service\.create/);

    const noSecret = await berth(["billing", "send", "service.terminate", "--service", "svc-43", "--url", panel.url]);
    assertExit(noSecret, 2);
    assert.match(noSecret.stderr, /BERTH_BILLING_SECRET/);

    assert.equal(panel.requests.length, 0);
  } finally {
    await panel.close();
  }
});

test("the encryption key is read from <data>/secrets.env when the environment lacks it", async () => {
  writeFileSync(path.join(dataDirectory, "secrets.env"), "BERTH_ENCRYPTION_KEY=from-secrets-file\n", { mode: 0o600 });
  const withoutKey = await berth(["user", "list"], { BERTH_ENCRYPTION_KEY: undefined });
  assertExit(withoutKey, 0);
  assert.match(withoutKey.stdout, /customer@example\.com/);

  const otherDirectory = await berth(["user", "list"], { BERTH_ENCRYPTION_KEY: undefined, BERTH_DATA_DIR: path.join(dataDirectory, "missing") });
  assertExit(otherDirectory, 1);
  assert.match(otherDirectory.stderr, /BERTH_ENCRYPTION_KEY is not set/);
});

test("server actions come from the catalogue: queued as the first admin (or --as), refused with the domain's reason", async () => {
  const { database } = testDatabase;
  const redis = await startRedis();
  try {
    const env = { BERTH_REDIS_URL: redis.url };
    const owner = await database.user.findUniqueOrThrow({ where: { email: "customer@example.com" } });
    await database.user.create({ data: { email: "ops@example.com", name: "Ops", role: "admin", passwordHash: "x" } });
    const firstAdmin = await database.user.findFirstOrThrow({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
    const plan = await database.plan.findUniqueOrThrow({ where: { slug: "small" } });
    const template = await database.template.findUniqueOrThrow({ where: { slug: "busybox" } });
    const server = (status: string) =>
      database.server.create({ data: { hostname: `cli-${status}`, ownerId: owner.id, planId: plan.id, templateId: template.id, containerName: `berth-cli-${status}`, status } });
    const running = await server("running");
    const terminated = await server("terminated");

    const help = await berth(["help"]);
    for (const action of ["start", "stop", "reboot", "rescue", "unrescue", "resize", "reinstall", "suspend", "unsuspend", "terminate"]) {
      assert.match(help.stdout, new RegExp(`berth servers ${action} ID`));
    }

    const rescue = await berth(["servers", "rescue", running.id], env);
    assertExit(rescue, 0);
    const jobId = /job (\S+)$/m.exec(rescue.stdout)?.[1];
    const job = await database.job.findUniqueOrThrow({ where: { id: jobId } });
    assert.equal(JSON.parse(job.payload).action.type, "rescue");
    assert.equal((await database.server.findUniqueOrThrow({ where: { id: running.id } })).activeJobId, job.id);
    const audit = await database.auditEvent.findFirstOrThrow({ where: { targetId: running.id, action: "server.rescue" } });
    assert.equal(audit.actorId, firstAdmin.id, "the first admin acts by default");
    assert.match(audit.details ?? "", /"via":"cli"/);

    const busy = await berth(["servers", "stop", running.id, "--as", "customer@example.com"], env);
    assertExit(busy, 1);
    assert.match(busy.stderr, /Another action is still running/);
    const forbidden = await berth(["servers", "suspend", terminated.id, "--as", "customer@example.com"], env);
    assertExit(forbidden, 1);
    assert.match(forbidden.stderr, /for your provider only/);
    const ended = await berth(["servers", "suspend", terminated.id], env);
    assertExit(ended, 1);
    assert.match(ended.stderr, /terminated/);

    const noPlan = await berth(["servers", "resize", running.id], env);
    assertExit(noPlan, 2);
    assert.match(noPlan.stderr, /^berth: plan:/m);
    const unconfirmed = await berth(["servers", "terminate", running.id], env);
    assertExit(unconfirmed, 2);
    assert.match(unconfirmed.stderr, /--confirm cli-running/);
    assertExit(await berth(["servers", "start"], env), 2);
    assert.equal(await database.job.count({ where: { serverId: { in: [running.id, terminated.id] } } }), 1, "refusals queue nothing");
  } finally {
    await redis.stop();
  }
});

test("images list shows every host's image versions with their servers and templates; images commands check their arguments", async () => {
  const { database } = testDatabase;
  const host = await database.host.findUniqueOrThrow({ where: { name: "node-1" } });
  await database.imageVersion.create({
    data: { hostId: host.id, name: "busybox", version: "builtin", osName: "BusyBox", source: "builtin", sizeBytes: 3n * 2n ** 20n, containers: 2, createdAt: new Date(0), seenAt: new Date() },
  });

  const json = await berth(["images", "list", "--json"]);
  assertExit(json, 0);
  const [row, ...others] = JSON.parse(json.stdout) as Record<string, unknown>[];
  assert.equal(others.length, 0);
  assert.deepEqual(row, {
    host: "node-1", name: "busybox", version: "builtin", osName: "BusyBox", source: "builtin", sizeBytes: 3 * 2 ** 20, servers: 2, templates: ["busybox"], createdAt: "1970-01-01T00:00:00.000Z",
  });
  const table = await berth(["images", "list"]);
  assertExit(table, 0);
  assert.match(table.stdout, /^HOST\s+IMAGE\s+VERSION\s+OS\s+SOURCE\s+SIZE\s+SERVERS\s+TEMPLATES\s+CREATED$/m);
  assert.match(table.stdout, /node-1\s+busybox\s+builtin\s+BusyBox\s+builtin\s+3\.0 MiB\s+2\s+busybox\s+1970-01-01T00:00:00Z/);

  const noPath = await berth(["images", "import", "alpine"]);
  assertExit(noPath, 2);
  assert.match(noPath.stderr, /"berth images import" needs the image's name and the tarball's absolute path/);
  const noName = await berth(["images", "build"]);
  assertExit(noName, 2);
  assert.match(noName.stderr, /needs the image's name: debian-12 or debian-13/);
  assertExit(await berth(["images", "list", "--host", "node-1"]), 2);
  assert.equal(await database.job.count({ where: { type: { in: ["buildImage", "importImage"] } } }), 0);
});

test("hosts set changes a host's overcommit and group; host-groups add, list, set and remove them", async () => {
  const { database } = testDatabase;
  // The commands act as the first admin; run on its own this test needs one.
  await database.user.create({ data: { email: "placement-admin@example.com", name: "Placement", role: "admin", passwordHash: "x" } });
  const host = await database.host.create({ data: { name: "placement-1", agentUrl: "http://127.0.0.1:1", agentSecretEncrypted: "-", vcpuCapacity: 8, memoryMbCapacity: 4096, diskMbCapacity: 10_240 } });
  assertExit(await berth(["host-groups", "add", "nvme", "--policy", "pack"]), 0);
  const badPolicy = await berth(["host-groups", "add", "other", "--policy", "tight"]);
  assertExit(badPolicy, 2);
  assert.match(badPolicy.stderr, /--policy must be one of spread, pack/);

  const set = await berth(["hosts", "set", "placement-1", "--vcpu-overcommit", "4", "--memory-overcommit", "1.5", "--group", "nvme"]);
  assertExit(set, 0);
  assert.match(set.stdout, /vCPU 8 × 4 = 32, memory 4096 MiB × 1.5 = 6144 MiB, group nvme/);
  const placed = await database.host.findUniqueOrThrow({ where: { id: host.id }, include: { hostGroup: true } });
  assert.deepEqual([placed.vcpuOvercommit, placed.memoryOvercommit, placed.hostGroup?.name], [4, 1.5, "nvme"]);
  const badRatio = await berth(["hosts", "set", "placement-1", "--vcpu-overcommit", "lots"]);
  assertExit(badRatio, 2);
  assert.match(badRatio.stderr, /vcpuOvercommit:/);

  const list = await berth(["host-groups", "list", "--json"]);
  assertExit(list, 0);
  assert.deepEqual(JSON.parse(list.stdout), [{ name: "nvme", placementPolicy: "pack", hosts: 1, plans: 0 }]);
  assertExit(await berth(["host-groups", "set", "nvme", "--name", "fast", "--policy", "spread"]), 0);
  const inUse = await berth(["host-groups", "remove", "fast"]);
  assertExit(inUse, 1);
  assert.match(inUse.stderr, /still has 1 host/);
  assertExit(await berth(["hosts", "set", "placement-1", "--no-group"]), 0);
  assertExit(await berth(["host-groups", "remove", "fast"]), 0);
  assert.equal(await database.hostGroup.count(), 0);
  await database.host.delete({ where: { id: host.id } });
});

test("hosts add prints a one-time join command; list, drain, undrain, maintenance and remove manage the host", async () => {
  const { database } = testDatabase;
  await database.user.create({ data: { email: "hosts-admin@example.com", name: "Hosts", role: "admin", passwordHash: "x" } });
  const added = await berth(["hosts", "add", "node-7", "--vcpu-overcommit", "2"]);
  assertExit(added, 0);
  const token = /--token ([A-Za-z0-9_-]{43})/.exec(added.stdout)?.[1];
  assert.ok(token, added.stdout);
  assert.match(added.stdout, /node --import tsx agent\/main\.ts join --panel \S+ --token \S+ --advertise https:\/\/ADDRESS:7070/);
  const pending = await database.host.findUniqueOrThrow({ where: { name: "node-7" } });
  assert.deepEqual([pending.active, pending.vcpuOvercommit, pending.joinTokenHash], [false, 2, createHash("sha256").update(token).digest("hex")]);
  assert.ok(pending.joinTokenExpiresAt && pending.joinTokenExpiresAt.getTime() - Date.now() > 59 * 60_000);

  // Adding the pending name again replaces its token; a name that joined is refused.
  assertExit(await berth(["hosts", "add", "node-7"]), 0);
  assert.notEqual((await database.host.findUniqueOrThrow({ where: { name: "node-7" } })).joinTokenHash, pending.joinTokenHash);

  assertExit(await berth(["hosts", "drain", "node-7"]), 0);
  const maintenance = await berth(["hosts", "maintenance", "node-7", "--notice", "New disks on Friday"]);
  assertExit(maintenance, 0);
  assert.match(maintenance.stdout, /draining; in maintenance: New disks on Friday/);
  const listed = await berth(["hosts", "list", "--json"]);
  assertExit(listed, 0);
  const row = (JSON.parse(listed.stdout) as Array<{ name: string; state: string; draining: boolean; maintenance: { notice: string } | null }>).find((host) => host.name === "node-7");
  assert.deepEqual([row?.state, row?.draining, row?.maintenance?.notice], ["pending", true, "New disks on Friday"]);

  assertExit(await berth(["hosts", "maintenance", "node-7"]), 2);
  assertExit(await berth(["hosts", "maintenance", "node-7", "--off"]), 0);
  assertExit(await berth(["hosts", "undrain", "node-7"]), 0);
  const back = await database.host.findUniqueOrThrow({ where: { name: "node-7" } });
  assert.deepEqual([back.draining, back.maintenanceNotice, back.maintenanceSince], [false, null, null]);

  await database.host.update({ where: { id: back.id }, data: { joinedAt: new Date(), active: true } });
  const again = await berth(["hosts", "add", "node-7"]);
  assertExit(again, 1);
  assert.match(again.stderr, /already exists/);

  assertExit(await berth(["hosts", "remove", "node-7"]), 0);
  assert.equal(await database.host.count({ where: { name: "node-7" } }), 0);
  assertExit(await berth(["hosts", "remove", "node-7"]), 1);
});
