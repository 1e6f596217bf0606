import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../lib/access/actor";
import { signBillingPayload } from "../../lib/billing/signature";
import { createDatabase, type Database } from "../../lib/database/client";
import { endUserSessions } from "../../lib/auth/session-version";
import { jobRegistry } from "../../lib/jobs/registry";
import { createApiToken } from "../../lib/tokens/api-tokens";
import { startTestAgent, type TestAgent, type TestNetwork } from "../support/agent";
import { seedTestFirstRun } from "../support/berth-stack";
import { ensurePanelBuild } from "../support/panel-build";
import { createPostgresDatabase } from "../support/postgres";
import { startRedis, type TestRedis } from "../support/redis";
import { freePort } from "../support/free-port";

// Two panel processes and two worker processes, as production runs them (panel-server/main.ts,
// worker/main.ts), on one PostgreSQL database, one Redis and one real agent: 100 billing orders
// spread over both panels (some sent to both) become exactly 100 servers, each provisioned once;
// both workers share the work; the API rate limit counts across panels; a session signed in on
// one panel is good on the other, and ending it (session version) ends it on both.

const network: TestNetwork = { bridge: "br-berth-tp", ipv4Prefix: "10.74.0", ipv6Prefix: "fd77:6265:7274:74" };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const orderCount = 100;
const apiRateLimit = 30;
const billingSecret = "whsec_two_panels_test";

interface BerthProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** The JSON log lines it wrote to stdout. */
  logLines(): Array<Record<string, unknown>>;
}

let agent: TestAgent;
let redis: TestRedis;
let postgres: { url: string; remove(): void };
let database: Database;
const panels: Array<BerthProcess & { url: string }> = [];
const workers: BerthProcess[] = [];

function startProcess(name: string, script: string, environment: Record<string, string>): BerthProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env: { ...process.env, ...environment }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return {
    name,
    child,
    output: () => output,
    logLines: () =>
      output
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

async function stopProcess(berthProcess: BerthProcess): Promise<void> {
  if (berthProcess.child.exitCode !== null || berthProcess.child.signalCode !== null) return;
  const exited = new Promise((resolve) => berthProcess.child.once("exit", resolve));
  berthProcess.child.kill("SIGTERM");
  const timer = setTimeout(() => berthProcess.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(what: string, ready: () => Promise<boolean> | boolean, timeoutMs: number, berthProcess?: BerthProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (berthProcess && berthProcess.child.exitCode !== null) throw new Error(`${berthProcess.name} exited:\n${berthProcess.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${berthProcess ? `:\n${berthProcess.output().slice(-3000)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}

interface BillingAnswer {
  status: number;
  body: { jobId?: string; error?: { code: string } };
}

/** Answers a billing system sends again: a 5xx, or the first delivery of the same event still running or failed. */
const isRetryable = (answer: BillingAnswer) => answer.status >= 500 || (answer.status === 409 && ["event_retry", "event_in_progress"].includes(answer.body.error?.code ?? ""));
let billingRetries = 0;

/** Posts one billing event to a panel's admin billing endpoint, freshly signed, retrying as a billing system does. */
async function sendBillingEvent(panelUrl: string, event: unknown): Promise<BillingAnswer> {
  const body = JSON.stringify(event);
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${panelUrl}/api/webhooks/billing`, { method: "POST", headers: { "Content-Type": "application/json", "Berth-Signature": signBillingPayload(billingSecret, body) }, body });
    const answer = { status: response.status, body: (await response.json()) as BillingAnswer["body"] };
    if (!isRetryable(answer) || attempt === 10) return answer;
    billingRetries++;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

const createEvent = (index: number) => ({
  id: `evt-create-${index}`,
  type: "service.create",
  data: { serviceId: `svc-${index}`, customer: { email: "customer@example.test", name: "Customer" }, plan: "small", template: "busybox", hostname: `tp-${index}` },
});

before(async () => {
  ensurePanelBuild();
  agent = await startTestAgent(network, { poolSize: "4G" });
  redis = await startRedis();
  postgres = createPostgresDatabase();
  database = createDatabase(postgres.url);
  const encryptionKey = "two-panels-test-key";
  // Capacity far beyond 100 small plans: this test is about processes, not placement.
  await seedTestFirstRun({ database, encryptionKey, agent, network, host: { name: "tp-host", vcpuCapacity: 1000, memoryMbCapacity: 1_000_000, diskMbCapacity: 1_000_000 } });
  // The customer policy's limits (10 servers by default) would refuse most of the 100 orders.
  const roomy = { maxServers: 1000, maxVcpus: 1000, maxMemoryMb: 1_000_000, maxDiskMb: 1_000_000, maxIpv4: 1000 };
  await database.customerPolicy.upsert({ where: { id: "global" }, update: roomy, create: roomy });
  const shared = {
    BERTH_DATABASE_URL: postgres.url,
    BERTH_REDIS_URL: redis.url,
    BERTH_ENCRYPTION_KEY: encryptionKey,
    BERTH_DATA_DIR: agent.config.dataDir,
    NEXTAUTH_SECRET: "two-panels-test-nextauth-secret",
    BERTH_BILLING_SECRET: billingSecret,
    BERTH_API_RATE_LIMIT: String(apiRateLimit),
    BERTH_LOG_LEVEL: "info",
    BERTH_WORKER_CONCURRENCY: "4",
  };
  for (const index of [1, 2]) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const environment = { ...shared, BERTH_PANEL_HOST: "127.0.0.1", BERTH_PANEL_PORT: String(port), NEXTAUTH_URL: url };
    panels.push({ ...startProcess(`panel ${index}`, "panel-server/main.ts", environment), url });
  }
  for (const index of [1, 2]) workers.push(startProcess(`worker ${index}`, "worker/main.ts", shared));
  for (const worker of workers) await waitFor(`${worker.name} to be ready`, () => worker.logLines().some((line) => line.msg === "ready"), 60_000, worker);
  for (const panel of panels) await waitFor(`${panel.name} to answer`, () => answers(`${panel.url}/signin`), 120_000, panel);
});

after(async () => {
  for (const berthProcess of [...panels, ...workers]) await stopProcess(berthProcess);
  await database?.$disconnect();
  if (agent) {
    // Eight at a time: one by one, stopping 100 containers takes minutes.
    const names = (await agent.client.listContainers()).map((container) => container.name);
    const destroyNext = async (): Promise<void> => {
      const name = names.pop();
      if (!name) return;
      await agent.client.destroyContainer(name);
      await destroyNext();
    };
    await Promise.all(Array.from({ length: 8 }, destroyNext));
  }
  await agent?.teardown();
  postgres?.remove();
  await redis?.stop();
});

test("100 orders over two panels become 100 servers, each provisioned once, by both workers", { timeout: 300_000 }, async () => {
  // Every tenth order is sent to both panels at once, as a billing system retrying elsewhere would.
  const sends: Array<Promise<BillingAnswer[]>> = [];
  for (let index = 0; index < orderCount; index++) {
    const event = createEvent(index);
    const targets = index % 10 === 0 ? [panels[index % 2]!, panels[(index + 1) % 2]!] : [panels[index % 2]!];
    sends.push(Promise.all(targets.map((panel) => sendBillingEvent(panel.url, event))));
    // Ten events in flight at a time: enough to make the panels and workers race.
    if (sends.length % 10 === 0) await Promise.all(sends.slice(-10));
  }
  const deliveries = await Promise.all(sends);
  const panelErrors = () => JSON.stringify(panels.flatMap((panel) => panel.logLines().filter((line) => line.level === "error")).slice(0, 3), null, 1);
  assert.deepEqual(deliveries.flat().filter((delivery) => delivery.status !== 202), [], `every billing event is accepted; the panels logged: ${panelErrors()}`);
  // Concurrent orders on one customer and host conflict (PostgreSQL 40001) and are answered 5xx now and then; the retries above took them.
  console.log(`# billing deliveries retried: ${billingRetries}`);
  for (const answers of deliveries.filter((answers) => answers.length === 2)) {
    assert.equal(answers[1]!.body.jobId, answers[0]!.body.jobId, "the event sent to both panels made one order");
  }

  const provisionJobs = () => database.job.findMany({ where: { type: jobRegistry.provisionServer.name } });
  await waitFor("all provisioning jobs to finish", async () => (await provisionJobs()).filter((job) => job.state === "completed" || job.state === "failed").length >= orderCount, 240_000);

  const jobs = await provisionJobs();
  assert.equal(jobs.length, orderCount, "one provisioning job per order");
  assert.deepEqual(jobs.filter((job) => job.state !== "completed").map((job) => `${job.id}: ${job.error}`), []);

  const servers = await database.server.findMany({ select: { hostname: true, status: true } });
  assert.equal(servers.length, orderCount);
  assert.equal(new Set(servers.map((server) => server.hostname)).size, orderCount, "no hostname twice");
  assert.deepEqual(servers.filter((server) => server.status !== "running").map((server) => server.hostname), []);
  assert.equal((await database.order.count()).valueOf(), orderCount);
  assert.equal((await agent.client.listContainers()).length, orderCount, "one container per server");

  // Each job completed exactly once, on one of the two workers, and both workers took some. An
  // attempt that failed (a conflict, an agent refusal) is retried: then it started once more, never
  // while its earlier attempt was alive (one start per failed attempt, plus the one that completed).
  const provisionLines = (worker: BerthProcess, message: string) => worker.logLines().filter((line) => line.msg === message && line.job === jobRegistry.provisionServer.name).map((line) => String(line.jobId));
  const completed = workers.map((worker) => provisionLines(worker, "job completed"));
  assert.equal(completed.flat().length, orderCount, "100 completions in the workers' logs");
  assert.deepEqual(new Set(completed.flat()), new Set(jobs.map((job) => job.id)), "every job completed once");
  for (const [index, completions] of completed.entries()) assert.ok(completions.length > 0, `worker ${index + 1} ran jobs`);
  const occurrences = (ids: string[]) => ids.reduce((counts, id) => counts.set(id, (counts.get(id) ?? 0) + 1), new Map<string, number>());
  const starts = occurrences(workers.flatMap((worker) => provisionLines(worker, "job started")));
  const failedAttempts = occurrences(workers.flatMap((worker) => provisionLines(worker, "job attempt failed")));
  for (const job of jobs) {
    assert.equal(starts.get(job.id), (failedAttempts.get(job.id) ?? 0) + 1, `job ${job.id}: one start per attempt`);
    assert.equal(job.attempts, starts.get(job.id), `job ${job.id}: its row counts the same attempts`);
  }
  const retryReasons = workers.flatMap((worker) => worker.logLines().filter((line) => line.msg === "job attempt failed").map((line) => String(line.error).slice(0, 160)));
  console.log(`# provisioning attempts retried: ${retryReasons.length}${retryReasons.length ? ` (${[...new Set(retryReasons)].slice(0, 3).join(" | ")})` : ""}`);
});

test("the API rate limit is one count for both panels", async () => {
  const customer = await database.user.findUniqueOrThrow({ where: { email: "customer@example.test" } });
  const actor: Actor = { userId: customer.id, role: "customer", via: "session", ipAddress: null };
  const { token } = await createApiToken({ database, actor, input: { name: "rate limit", scope: "read" } });
  const statuses: number[] = [];
  let refusal: Response | undefined;
  for (let request = 0; request < apiRateLimit + 6; request++) {
    const response = await fetch(`${panels[request % 2]!.url}/api/v1/plans`, { headers: { Authorization: `Bearer ${token}` } });
    statuses.push(response.status);
    if (response.status === 429) refusal ??= response;
    else await response.text();
  }
  assert.deepEqual(statuses.slice(0, apiRateLimit), Array<number>(apiRateLimit).fill(200), "the first requests pass, on either panel");
  assert.deepEqual(statuses.slice(apiRateLimit), Array<number>(6).fill(429), "past the shared limit both panels refuse");
  assert.ok(refusal);
  const retryAfter = Number(refusal.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.equal(((await refusal.json()) as { error: { code: string } }).error.code, "rate_limited");
});

test("a session from panel 1 is good on panel 2, and ending it ends it on both", async () => {
  const [first, second] = [panels[0]!, panels[1]!];
  const csrf = await fetch(`${first.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  const signIn = await fetch(`${first.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: "admin@example.test", password: "admin-password", json: "true" }),
  });
  await signIn.text();
  const sessionCookie = signIn.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!).find((cookie) => cookie.startsWith("next-auth.session-token="));
  assert.ok(sessionCookie, `signed in on panel 1 (status ${signIn.status})`);

  const hosts = (panel: { url: string }) => fetch(`${panel.url}/api/v1/hosts`, { headers: { Cookie: sessionCookie } });
  const onSecond = await hosts(second);
  assert.equal(onSecond.status, 200, "panel 2 accepts panel 1's session");
  assert.equal(((await onSecond.json()) as { hosts: Array<{ name: string }> }).hosts[0]?.name, "tp-host");

  // The session version lives in the database, so either panel sees it ended.
  await database.user.update({ where: { email: "admin@example.test" }, data: endUserSessions });
  for (const panel of [second, first]) {
    const response = await hosts(panel);
    assert.equal(response.status, 401, `${panel.url} refuses the ended session`);
    await response.text();
  }
});
