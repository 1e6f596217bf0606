import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { signBillingPayload } from "../../lib/billing/signature";
import { createDatabase, type Database } from "../../lib/database/client";
import { ensurePanelBuild } from "../support/panel-build";

// scripts/up.sh as an operator runs it, as its own instance: each of its processes killed with
// SIGKILL while orders are being provisioned is restarted (new pid, the panel answers again) and
// every order still ends running; SIGINT then stops every process it started within its bound.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = "/var/tmp/berth-supervision";
const ports = { panel: 3300, console: 3302, redis: 6393, agent: 7370 };
const panelUrl = `http://127.0.0.1:${ports.panel}`;
const billingSecret = "whsec_supervision_test";
/** up.sh's stop: four groups (panel and console gateway, worker, agent, Redis) of at most 10 s each. */
const stopBoundMs = 45_000;
const environment: NodeJS.ProcessEnv = {
  ...process.env,
  BERTH_DATA_DIR: dataDir,
  BERTH_PANEL_HOST: "127.0.0.1",
  BERTH_PANEL_PORT: String(ports.panel),
  BERTH_REDIS_PORT: String(ports.redis),
  BERTH_AGENT_LISTEN: `127.0.0.1:${ports.agent}`,
  BERTH_CONSOLE_LISTEN: `127.0.0.1:${ports.console}`,
  BERTH_BRIDGE: "br-berth-sv",
  BERTH_BRIDGE_IPV4: "10.71.0.1/24",
  BERTH_BRIDGE_IPV6: "fd77:6265:7274:71::1/64",
  BERTH_POOL_SIZE: "2G",
  BERTH_DEMO_PASSWORD: "supervision-demo-password",
  BERTH_ADMIN_PASSWORD: "supervision-admin-password",
  BERTH_BILLING_SECRET: billingSecret,
  BERTH_API_RATE_LIMIT: "1000",
  NEXTAUTH_URL: panelUrl,
};
// This instance's own database and Redis, whatever the caller's environment points at.
delete environment.BERTH_DATABASE_URL;
delete environment.BERTH_REDIS_URL;

const supervised = ["redis", "agent", "worker", "panel", "console-gateway"] as const;
type Supervised = (typeof supervised)[number];
/** The port each supervised process listens on (the worker listens on none): it answers there once it is back. */
const portOf: Partial<Record<Supervised, number>> = { redis: ports.redis, agent: ports.agent, panel: ports.panel, "console-gateway": ports.console };

let stack: ChildProcess;
let stackOutput = "";
let database: Database | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, ready: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (stack.exitCode !== null || stack.signalCode !== null) throw new Error(`up.sh exited while waiting for ${what}:\n${stackOutput.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${stackOutput.slice(-4000)}`);
    await sleep(250);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidOf(name: Supervised): number | undefined {
  try {
    return Number(readFileSync(path.join(dataDir, "run", `${name}.pid`), "utf8").trim());
  } catch {
    return undefined;
  }
}

async function panelAnswers(): Promise<boolean> {
  try {
    return (await fetch(`${panelUrl}/signin`, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(true));
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.destroy());
  });
}

let orderCount = 0;
/** Orders one small busybox server through the signed billing webhook; returns its hostname. */
async function placeOrder(): Promise<string> {
  const index = orderCount++;
  const hostname = `sv-${index}`;
  const body = JSON.stringify({
    id: `evt-supervision-${index}`,
    type: "service.create",
    data: { serviceId: `svc-supervision-${index}`, customer: { email: "supervision@berth.test", name: "Supervision" }, plan: "small", template: "busybox", hostname },
  });
  const response = await fetch(`${panelUrl}/api/webhooks/billing`, { method: "POST", headers: { "Content-Type": "application/json", "Berth-Signature": signBillingPayload(billingSecret, body) }, body });
  assert.equal(response.status, 202, `order ${hostname} accepted: ${await response.text()}`);
  return hostname;
}

/** Removes this instance's host side (containers, pool, bridge) and data folder; fine when there is none. */
function teardownInstance(): void {
  spawnSync(process.execPath, ["--import", "tsx", "agent/main.ts", "teardown"], { cwd: root, env: environment, stdio: "ignore" });
  rmSync(dataDir, { recursive: true, force: true });
}

before(async () => {
  ensurePanelBuild();
  teardownInstance();
  for (const port of Object.values(ports)) assert.equal(await portAnswers(port), false, `port ${port} is free`);
  stack = spawn("bash", ["scripts/up.sh"], { cwd: root, env: environment, stdio: ["ignore", "pipe", "pipe"] });
  stack.stdout!.on("data", (chunk: Buffer) => (stackOutput += chunk.toString("utf8")));
  stack.stderr!.on("data", (chunk: Buffer) => (stackOutput += chunk.toString("utf8")));
  // Setup (packages, migrations, the host's pool and bridge, seed) before the panel answers.
  await waitFor("the panel", panelAnswers, 600_000);
  await waitFor("every pid file", () => supervised.every((name) => pidOf(name) !== undefined), 10_000);
  database = createDatabase(`file:${path.join(dataDir, "berth.db")}`);
  // The seeded host counts its CPU threads × 4: on a 2-thread machine 8 small servers, fewer than
  // this test orders. This test is about processes, not placement.
  await database.host.updateMany({ data: { vcpuOvercommit: 16, memoryOvercommit: 4 } });
});

after(async () => {
  await database?.$disconnect();
  if (stack && stack.exitCode === null && stack.signalCode === null) {
    const exited = new Promise((resolve) => stack.once("exit", resolve));
    stack.kill("SIGTERM");
    const timer = setTimeout(() => stack.kill("SIGKILL"), stopBoundMs);
    await exited;
    clearTimeout(timer);
  }
  teardownInstance();
});

test("every process killed with SIGKILL is restarted, and every order still ends running", { timeout: 600_000 }, async () => {
  const hostnames: string[] = [];
  for (const name of ["worker", "agent", "panel", "console-gateway", "redis"] as const) {
    // Orders in flight while it dies: their jobs are running or queued at that moment.
    hostnames.push(await placeOrder(), await placeOrder());
    const oldPid = pidOf(name)!;
    assert.ok(alive(oldPid), `${name} (pid ${oldPid}) runs before it is killed`);
    process.kill(oldPid, "SIGKILL");
    await waitFor(`${name} to be restarted`, () => {
      const pid = pidOf(name);
      return pid !== undefined && pid !== oldPid && alive(pid);
    }, 60_000);
    const port = portOf[name];
    if (port !== undefined) await waitFor(`${name} to answer on port ${port}`, () => portAnswers(port), 60_000);
    await waitFor("the panel to answer again", panelAnswers, 120_000);
    const supervisorLog = readFileSync(path.join(dataDir, "logs", "supervisor.log"), "utf8");
    assert.match(supervisorLog, new RegExp(`${name} \\(pid ${oldPid}\\) died after \\d+s: signal KILL; restarting in \\d+s`));
    for (const other of supervised) assert.ok(alive(pidOf(other)!), `${other} still runs after ${name} was killed`);
  }

  // A job whose worker was killed is taken up again once its lock expires (BullMQ's stall check, 30 s).
  const statuses = async () => (await database!.server.findMany({ where: { hostname: { in: hostnames } }, select: { hostname: true, status: true } })).map((server) => `${server.hostname}: ${server.status}`).sort();
  const allRunning = hostnames.map((hostname) => `${hostname}: running`).sort();
  const deadline = Date.now() + 240_000;
  while (JSON.stringify(await statuses()) !== JSON.stringify(allRunning) && Date.now() < deadline) await sleep(1000);
  assert.deepEqual(await statuses(), allRunning);
});

test("SIGINT to up.sh stops every process it started within the bound, and up.sh exits", { timeout: 120_000 }, async () => {
  const pids = supervised.map((name) => ({ name, pid: pidOf(name)! }));
  for (const { name, pid } of pids) assert.ok(alive(pid), `${name} runs before the stop`);
  const exited = new Promise<void>((resolve) => stack.once("exit", () => resolve()));
  const started = Date.now();
  stack.kill("SIGINT");
  await Promise.race([exited, sleep(stopBoundMs)]);
  assert.ok(stack.exitCode !== null || stack.signalCode !== null, `up.sh exited within ${stopBoundMs / 1000}s:\n${stackOutput.slice(-2000)}`);
  assert.ok(Date.now() - started < stopBoundMs);
  assert.deepEqual(pids.filter(({ pid }) => alive(pid)).map(({ name }) => name), [], "no process up.sh started is left");
  // In order: the panel and the console gateway first, Redis last.
  const stops = [...readFileSync(path.join(dataDir, "logs", "supervisor.log"), "utf8").matchAll(/ (\S+) stopped$/gm)].map((match) => match[1]);
  assert.deepEqual(stops.slice(-5), ["panel", "console-gateway", "worker", "agent", "redis"]);
});
