// Provisioning benchmark: how much Berth adds on top of raw LXC on btrfs.
// Run as root: node --import tsx bench/provision.ts [--runs 10] [--poll-ms 2] [--no-debian] [--sweep-vps 100] [--no-sweep]
// It only prints figures; nothing here asserts a timing.
import os from "node:os";
import SQLite from "better-sqlite3";
import path from "node:path";
import { createOrder } from "../lib/orders/create-order";
import { setCustomerLimits } from "../lib/tenancy/set-customer-limits";
import type { ContainerLimits } from "../agent/types";
import { startTestAgent, testSpec, type TestAgent, type TestNetwork } from "../test/support/agent";
import { startBerthStack, type BerthTestStack } from "../test/support/berth-stack";
import { containerMemory, lxcMonitorMemory } from "./memory";
import { formatTable, mebibytes, now, run, sleep, summarize, timed, type Row } from "./measure";
import { benchDebian } from "./debian";
import { cgroupVersion, prepareShiftedTemplate, provisionRaw, removeRaw, type RawLxcSetup } from "./raw-lxc";
import { benchUsageSweep, startAgentProcess } from "./usage-sweep";

const agentNetwork: TestNetwork = { bridge: "br-berth-b", ipv4Prefix: "10.85.0", ipv6Prefix: "fd77:6265:7274:85" };
const stackNetwork: TestNetwork = { bridge: "br-berth-c", ipv4Prefix: "10.86.0", ipv6Prefix: "fd77:6265:7274:86" };
const maxRuns = 50;
// The agent's containers: the test spec's limits plus the network rate plans carry (nft rules and
// tc shaping at start); the I/O limits too (blkio lines) where a line says so, as in the bench plan.
const agentLimits: ContainerLimits = { cpus: 0.5, memoryMb: 96, swapMb: 32, diskMb: 64, processes: 128, networkMbps: 100 };
const planLimits: ContainerLimits = { ...agentLimits, ioReadMbps: 100, ioWriteMbps: 100 };

function numberOption(argv: string[], option: string, fallback: number, minimum: number, maximum: number): number {
  const index = argv.indexOf(option);
  if (index === -1) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new Error(`${option} takes a whole number from ${minimum} to ${maximum}, got "${argv[index + 1] ?? ""}"`);
  }
  return value;
}

const argv = process.argv.slice(2);
const runs = numberOption(argv, "--runs", 10, 1, maxRuns);
/** How often the order path reads the database while waiting (waitForJob's 100 ms would dominate). */
const orderPollMs = numberOption(argv, "--poll-ms", 2, 1, 1000);
/** The Debian lines build an image first (~45 s); --no-debian leaves them out. */
const withDebian = !argv.includes("--no-debian");
// Every Debian order keeps its server row (2 GiB of the test host's disk): at most 20 runs.
const debianRuns = Math.min(runs, 20);
/** Line 6 sweeps over this many running VPS (each takes an address of the agent's /24); --no-sweep leaves it out. */
const sweepVps = numberOption(argv, "--sweep-vps", 100, 1, 200);
const withSweep = !argv.includes("--no-sweep");

// Everything set up is undone in reverse order: at the end, on failure, and on Ctrl-C.
const cleanups: Array<() => Promise<unknown>> = [];

async function cleanUp(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Removes a cleanup once the thing it undoes is gone (run it now). */
async function release(cleanup: () => Promise<unknown>): Promise<void> {
  const index = cleanups.indexOf(cleanup);
  if (index !== -1) cleanups.splice(index, 1);
  await cleanup();
}

// The first Ctrl-C stops the benchmark at the next step and cleans up; a second one exits at once.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping after the current step, then cleaning up (again to quit at once)`);
  });
}

function checkInterrupted(): void {
  if (interrupted) throw new Error("interrupted");
}

/** Kills a container at once (a clean busybox stop takes ~2.5 s), then lets the agent remove it. */
async function killAndDestroy(agent: Pick<TestAgent, "config" | "client">, name: string): Promise<void> {
  await run("lxc-stop", ["-n", name, "-P", agent.config.lxcPath, "-k"]).catch(() => undefined);
  await agent.client.destroyContainer(name);
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function benchRawAndAgent(rows: Row[], details: Row[], notes: string[]): Promise<number> {
  progress(`starting an isolated agent on ${agentNetwork.bridge} (pool image, busybox template) ...`);
  const agent = await startTestAgent(agentNetwork);
  const teardownAgent = () => agent.teardown();
  cleanups.push(teardownAgent);
  const { poolDir, lxcPath, bridge } = agent.config;
  const setup: RawLxcSetup = { poolDir, lxcPath, bridge, ipv4Prefix: agentNetwork.ipv4Prefix };
  // The pool has quota groups on (the agent enables them); `qgroup show` fails otherwise.
  await run("btrfs", ["qgroup", "show", poolDir]);

  // 1. Raw LXC floor.
  const shifted = await prepareShiftedTemplate(setup);
  const raw = { total: [] as number[], snapshot: [] as number[], qgroup: [] as number[], start: [] as number[] };
  for (let index = 0; index <= runs; index += 1) {
    checkInterrupted();
    const name = `bench-raw-${index}`;
    try {
      const timings = await provisionRaw(setup, shifted, name, index);
      if (index === 0) continue; // warm-up
      raw.total.push(timings.total);
      raw.snapshot.push(timings.snapshot);
      raw.qgroup.push(timings.qgroup);
      raw.start.push(timings.start);
    } finally {
      await removeRaw(setup, name);
    }
  }
  const rawMedian = summarize(raw.total).median;
  rows.push({ label: "1. raw LXC floor (snapshot+qgroup+config+lxc-start)", summary: summarize(raw.total), baseline: rawMedian });
  details.push(
    { label: "   raw: btrfs subvolume snapshot", summary: summarize(raw.snapshot) },
    { label: "   raw: btrfs qgroup limit", summary: summarize(raw.qgroup) },
    { label: "   raw: lxc-start -d until lxc-info RUNNING", summary: summarize(raw.start) },
  );
  progress(`raw LXC: ${runs} runs done`);

  // 2. The agent's signed HTTP API: create, then start (which returns once RUNNING). Once with the
  // limits of line 1 (memory, CPU, pids) and the network rate, once adding the I/O limits plans carry.
  const variants = [
    { key: "plain", label: "2. agent create+start (signed HTTP API)", limits: agentLimits },
    { key: "io", label: "2b. same, plus the I/O limits plans carry (blkio)", limits: planLimits },
  ] as const;
  for (const variant of variants) {
    const agentTimes = { total: [] as number[], create: [] as number[], start: [] as number[] };
    for (let index = 0; index <= runs; index += 1) {
      checkInterrupted();
      const name = `bench-${variant.key}-${index}`;
      try {
        const spec = testSpec(name, index, { limits: variant.limits }, agentNetwork);
        const t0 = now();
        await agent.client.createContainer(spec);
        const t1 = now();
        const started = await agent.client.startContainer(name);
        const t2 = now();
        if (started.container?.state !== "RUNNING") throw new Error(`agent reported ${name} as ${started.container?.state}`);
        if (index === 0) continue;
        agentTimes.total.push(t2 - t0);
        agentTimes.create.push(t1 - t0);
        agentTimes.start.push(t2 - t1);
      } finally {
        await killAndDestroy(agent, name);
      }
    }
    rows.push({ label: variant.label, summary: summarize(agentTimes.total), baseline: rawMedian });
    if (variant.key === "plain") {
      details.push(
        { label: "   agent: PUT container (snapshot, qgroup, chown walk, config)", summary: summarize(agentTimes.create) },
        { label: "   agent: POST start (lxc-start + lxc-wait RUNNING, nft rules, tc shaping)", summary: summarize(agentTimes.start) },
      );
    }
    progress(`agent (${variant.key}): ${runs} runs done`);
  }

  // 4. Snapshot create/delete of the template with quota groups on.
  const template = path.join(poolDir, "templates", "busybox");
  const snapshot: number[] = [];
  const remove: number[] = [];
  const removeCommitted: number[] = [];
  for (let index = 0; index <= runs; index += 1) {
    checkInterrupted();
    const target = path.join(poolDir, "servers", `bench-snap-${index}`);
    const created = await timed(() => run("btrfs", ["subvolume", "snapshot", template, target]));
    const deleted = await timed(() => run("btrfs", ["subvolume", "delete", target]));
    await run("btrfs", ["subvolume", "snapshot", template, target]);
    const deletedCommitted = await timed(() => run("btrfs", ["subvolume", "delete", "--commit-after", target]));
    if (index === 0) continue;
    snapshot.push(created);
    remove.push(deleted);
    removeCommitted.push(deletedCommitted);
  }
  rows.push(
    { label: "4. btrfs subvolume snapshot (quotas on)", summary: summarize(snapshot) },
    { label: "4. btrfs subvolume delete (quotas on)", summary: summarize(remove) },
    { label: "4. btrfs subvolume delete --commit-after", summary: summarize(removeCommitted) },
  );
  progress(`btrfs snapshot/delete: ${runs} runs done`);

  // 5. Memory of one running busybox container, after its init has settled.
  const memoryName = "bench-memory";
  try {
    await agent.client.createContainer(testSpec(memoryName, 60, { limits: agentLimits }, agentNetwork));
    const { container } = await agent.client.startContainer(memoryName);
    if (!container?.pid) throw new Error(`${memoryName} has no init pid`);
    await sleep(2000);
    const memory = await containerMemory(container.pid);
    const monitors = await lxcMonitorMemory(lxcPath, memoryName);
    const diskUsed = (await agent.client.getContainer(memoryName))?.diskUsedBytes;
    notes.push(
      `5. memory of one running busybox container (cgroup v${memory.cgroupVersion}, ${memory.processes} processes, 2 s after start):`,
      `   charged to its memory cgroup (${memory.cgroupVersion === 1 ? "memory.usage_in_bytes" : "memory.current"}): ${mebibytes(memory.chargedBytes)}` +
        ` = anonymous ${memory.anonymousBytes === null ? "?" : mebibytes(memory.anonymousBytes)}` +
        ` + page cache ${memory.cacheBytes === null ? "?" : mebibytes(memory.cacheBytes)} (+ kernel)`,
      ...monitors.map(
        (monitor) =>
          `   host side: LXC monitor pid ${monitor.pid}: RSS ${mebibytes(monitor.rssBytes)}, PSS ${monitor.pssBytes === null ? "?" : mebibytes(monitor.pssBytes)}` +
          " (shared library pages split among the monitors)",
      ),
      ...(monitors.length === 0 ? ["   host side: no LXC monitor process found"] : []),
      `   disk referenced by its snapshot (shared with the template): ${diskUsed === undefined ? "?" : mebibytes(diskUsed)}`,
    );
  } finally {
    await killAndDestroy(agent, memoryName).catch(() => undefined);
  }

  await release(teardownAgent);
  return rawMedian;
}

async function benchOrders(rawMedian: number, rows: Row[], details: Row[], notes: string[]): Promise<void> {
  progress(`starting the whole stack on ${stackNetwork.bridge} (SQLite, Redis, agent, worker) ...`);
  const stack: BerthTestStack = await startBerthStack(stackNetwork);
  const stopStack = () => stack.stop();
  cleanups.push(stopStack);
  // The same limits as the agent's test spec; plans always carry I/O limits, so these add blkio lines.
  await stack.database.plan.create({
    data: {
      slug: "bench",
      name: "Bench",
      vcpus: 0.5,
      memoryMb: 96,
      swapMb: 32,
      diskMb: 64,
      processes: 128,
      ioReadMbps: 100,
      ioWriteMbps: 100,
      networkMbps: 100,
      monthlyPriceCents: 100,
    },
  });
  // Each run leaves its server row behind (only the container is destroyed): room for all of them.
  await setCustomerLimits({
    database: stack.database,
    actor: { userId: stack.adminId, role: "admin", via: "cli" },
    customerId: stack.customerId,
    input: { maxServers: 2 * maxRuns + 2, maxVcpus: 2 * maxRuns + 2, maxMemoryMb: 1_000_000, maxDiskMb: 1_000_000, maxIpv4: 2 * maxRuns + 2 },
  });

  // The wait reads the rows through its own read-only SQLite connection: a Prisma query per
  // millisecond would compete with the worker and the agent for this process's event loop.
  const reader = new SQLite(stack.settings.databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  const closeReader = async () => reader.close();
  cleanups.push(closeReader);
  const readProgress = reader.prepare('SELECT s.status AS status, j.state AS state, j.error AS error FROM "Server" s, "Job" j WHERE s.id = ? AND j.id = ?');
  const total: number[] = [];
  const ordered: number[] = [];
  const pickedUp: number[] = [];
  const agentWork: number[] = [];
  for (let index = 0; index <= runs; index += 1) {
    checkInterrupted();
    let containerName: string | null = null;
    try {
      const t0 = now();
      const { server, job } = await createOrder({
        database: stack.database,
        queue: stack.queue,
        customerId: stack.customerId,
        input: { plan: "bench", template: "busybox", hostname: `bench-${index}` },
      });
      const t1 = now();
      containerName = server.containerName;
      let pickup: number | null = null;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const row = readProgress.get(server.id, job.id) as { status: string; state: string; error: string | null } | undefined;
        if (!row) throw new Error(`order ${index}: no server/job row`);
        if (pickup === null && row.state !== "queued") pickup = now();
        if (row.state === "failed") throw new Error(`order job failed: ${row.error}`);
        if (row.status === "running") break;
        if (Date.now() > deadline) throw new Error(`order ${index} not running after 60 s (job ${row.state})`);
        await sleep(orderPollMs);
      }
      const t2 = now();
      if (index === 0) continue;
      total.push(t2 - t0);
      ordered.push(t1 - t0);
      if (pickup !== null) pickedUp.push(pickup - t1);
      // The agent logs how long each action took on its side (whole milliseconds).
      const agentMs = stack.host.logs
        .filter((event) => event.container === containerName && event.phase === "done" && typeof event.ms === "number")
        .reduce((sum, event) => sum + (event.ms as number), 0);
      agentWork.push(agentMs);
    } finally {
      if (containerName) await killAndDestroy(stack.host, containerName).catch(() => undefined);
    }
  }
  rows.push({ label: "3. order to running (createOrder..server running in DB)", summary: summarize(total), baseline: rawMedian });
  details.push({ label: "   order: createOrder returned (DB transaction + enqueue)", summary: summarize(ordered) });
  if (pickedUp.length > 0) details.push({ label: "   order: enqueued -> worker marked the job running", summary: summarize(pickedUp) });
  details.push({ label: "   order: agent's own time for its create+start (agent log)", summary: summarize(agentWork) });
  progress(`orders: ${runs} runs done`);
  if (withDebian) {
    await benchDebian(
      {
        stack,
        ipv4Prefix: stackNetwork.ipv4Prefix,
        runs: debianRuns,
        reader,
        progress,
        killAndDestroy: (name) => killAndDestroy(stack.host, name),
        checkInterrupted,
      },
      rows,
      details,
      notes,
    );
  }
  await release(closeReader);
  await release(stopStack);
}

/** Line 6 on an agent of its own process, on the bridge line 2's agent used (free again by now). */
async function benchSweep(rawMedian: number, rows: Row[], details: Row[], notes: string[]): Promise<void> {
  progress(`starting the agent as its own process on ${agentNetwork.bridge}, then ${sweepVps} busybox VPS ...`);
  const agent = await startAgentProcess(agentNetwork);
  const stopAgent = () => agent.stop();
  cleanups.push(stopAgent);
  await benchUsageSweep(
    {
      agent,
      network: agentNetwork,
      vpsCount: sweepVps,
      runs,
      limits: planLimits,
      rawMedian,
      progress,
      killAndDestroy: (name) => killAndDestroy(agent, name),
      checkInterrupted,
    },
    rows,
    details,
    notes,
  );
  progress(`stopping the agent process and removing its ${sweepVps} VPS ...`);
  await release(stopAgent);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("run as root: the benchmark creates bridges, btrfs pools and LXC containers");
  const started = now();
  const loadBefore = os.loadavg()[0]!;
  const rows: Row[] = [];
  const details: Row[] = [];
  const notes: string[] = [];
  try {
    const rawMedian = await benchRawAndAgent(rows, details, notes);
    await benchOrders(rawMedian, rows, details, notes);
    if (withSweep) await benchSweep(rawMedian, rows, details, notes);
  } finally {
    await cleanUp();
  }
  // Rows were pushed in the order 1, 2, 4, 3, D, 6: print them by their number (a stable sort; the D lines last).
  const order = (row: Row) => Number.parseInt(row.label, 10) || Number.MAX_SAFE_INTEGER;
  rows.sort((a, b) => order(a) - order(b));
  const lxcVersion = (await run("lxc-start", ["--version"]).catch(() => "?")).trim();
  const btrfsVersion = (await run("btrfs", ["--version"]).catch(() => "?")).trim();
  console.log(
    [
      `Berth provisioning benchmark: ${runs} runs per line after 1 warm-up run, ${new Date().toISOString()}`,
      `host: Linux ${os.release()}, ${os.cpus().length} CPUs, ${mebibytes(os.totalmem())} RAM, cgroup v${cgroupVersion()}, ` +
        `Node ${process.version}, LXC ${lxcVersion}, ${btrfsVersion}, btrfs pool on a loop image with quota groups on`,
      `load average (1 min): ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0]!.toFixed(2)} at the end (other work on the host skews every line)`,
      "",
      formatTable([...rows, ...details]),
      "",
      ...notes,
      "",
      "Notes:",
      "- 'vs raw' = median / median of line 1. Line 1 snapshots a template copy already chowned to the container's ids",
      "  (done once, untimed); the agent shifts ownership on every create (each VPS has its own id range), so that walk",
      "  is part of line 2's overhead. Agent and order containers also get an IPv6 address and a fixed MAC; the raw one",
      "  has IPv4 only, as in PLATFORM.md's floor.",
      `- Line 3 polls the server and job rows every ${orderPollMs} ms (not waitForJob's 100 ms) through a separate read-only`,
      "  SQLite connection (microseconds per read), so it reads the end at most ~1 timer tick late. The agent, worker,",
      "  queue client and Prisma share this one process's event loop, as in the integration tests.",
      "- Cleanup (lxc-stop -k, destroy) happens outside the timed parts.",
      `- whole run: ${((now() - started) / 1000).toFixed(1)} s`,
    ].join("\n"),
  );
}

main().then(
  // Exit explicitly: a client library's idle timer must not keep a finished benchmark alive.
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(interrupted ? 130 : 1);
  },
);
