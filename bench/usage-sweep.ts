import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { AgentClient } from "../agent/client";
import { loadAgentConfig, type AgentConfig } from "../agent/config";
import { removeBridge } from "../agent/host/bridge";
import { teardownHost } from "../agent/host/teardown";
import { networkTables } from "../agent/network/tables";
import type { ContainerLimits } from "../agent/types";
import { bridgeAddresses, testSpec, type TestNetwork } from "../test/support/agent";
import { processMemory } from "./memory";
import { mebibytes, now, run, summarize, timed, type Row } from "./measure";

// Line 6: the usage sweep (GET /v1/usage) over one and over many running VPS, and the agent's own
// memory. The agent runs as its own process, the way scripts/up.sh runs it: its RSS is then the
// agent's alone (in process it would include the benchmark, Prisma and the whole stack), and no
// benchmark code shares its event loop.

const repository = path.resolve(import.meta.dirname, "..");
/** Timed sweeps per VPS count, after one warm-up sweep. */
const sweepCalls = 10;
/** VPS created and started at once while filling the host (the agent serializes its nft changes anyway). */
const fillConcurrency = 4;
/** prepare builds the busybox template and the rescue image before the agent listens. */
const startTimeoutMs = 180_000;
const stopTimeoutMs = 10_000;

export interface AgentProcess {
  pid: number;
  config: AgentConfig;
  client: AgentClient;
  /** Stops the agent, kills its containers, and removes them, its pool, tables, bridge and data folder. */
  stop(): Promise<void>;
}

/**
 * Runs `work` on every item, `limit` at a time. After a failure no further item starts; the
 * first error is thrown once the running ones are done, so nothing is still in flight at cleanup.
 */
async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (errors.length === 0 && next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/** lxc-stop -k on every container of the agent (a clean busybox stop takes ~2.5 s), so teardown only removes stopped ones. */
async function killContainers(lxcPath: string): Promise<void> {
  const entries = await readdir(lxcPath, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  await forEachConcurrently(names, 8, (name) => run("lxc-stop", ["-n", name, "-P", lxcPath, "-k"]).catch(() => undefined));
}

/** `node --import tsx agent/main.ts serve` with its own data folder, pool and tables on `network`'s bridge. */
export async function startAgentProcess(network: TestNetwork): Promise<AgentProcess> {
  // /var/tmp, as startTestAgent: every parent of a rootfs must be traversable (0755).
  const dataDir = `/var/tmp/berth-bench-agent-${randomBytes(4).toString("hex")}`;
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  // A bridge left by a crashed earlier run would keep stale state; start clean.
  await removeBridge(network.bridge);
  const secret = randomBytes(32).toString("hex");
  const agentEnv = {
    BERTH_DATA_DIR: dataDir,
    BERTH_POOL_SIZE: "2G",
    BERTH_BRIDGE: network.bridge,
    BERTH_BRIDGE_IPV4: bridgeAddresses(network).ipv4,
    BERTH_BRIDGE_IPV6: bridgeAddresses(network).ipv6,
    BERTH_AGENT_LISTEN: "127.0.0.1:0",
    BERTH_AGENT_SECRET: secret,
  };
  const config = loadAgentConfig(agentEnv);
  // Only these settings: a BERTH_* variable of the caller's (a real instance's pool or LXC path) must not reach it.
  const env: NodeJS.ProcessEnv = { ...process.env, ...agentEnv };
  for (const key of Object.keys(env)) if (key.startsWith("BERTH_") && !(key in agentEnv)) delete env[key];
  // Its own process group: the terminal's Ctrl-C goes to the benchmark, whose cleanup then stops the agent.
  const child = spawn(process.execPath, ["--import", "tsx", "agent/main.ts", "serve"], {
    cwd: repository,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A benchmark that quits at once (a second Ctrl-C) must not leave the agent running.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);

  // Its output is read to the end (a full pipe would block the agent); the last lines explain a failed start.
  const output: string[] = [];
  const listening = new Promise<string>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        if (output.length > 40) output.shift();
        const url = /^berth agent listening on (\S+)/.exec(line)?.[1];
        if (url) resolve(url);
      });
    }
    child.once("exit", (code, signal) => reject(new Error(`the agent process ended (${signal ?? `exit ${code}`}) before it listened:\n${output.join("\n")}`)));
    setTimeout(() => reject(new Error(`the agent process did not listen within ${startTimeoutMs / 1000} s:\n${output.join("\n")}`)), startTimeoutMs).unref();
  });

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    process.off("exit", killOnExit);
    await killContainers(config.lxcPath);
    try {
      await teardownHost(config);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  try {
    const url = await listening;
    if (child.pid === undefined) throw new Error("the agent process has no pid");
    return { pid: child.pid, config, client: new AgentClient({ url, secret }), stop };
  } catch (error) {
    await stop().catch((cleanupError: unknown) => console.error(`cleanup failed: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)}`));
    throw error;
  }
}

export interface SweepBenchOptions {
  agent: AgentProcess;
  network: TestNetwork;
  /** Running VPS for the large sweep (--sweep-vps). */
  vpsCount: number;
  /** Runs of the create+start line (after 1 warm-up), as the other lines. */
  runs: number;
  /** What every VPS gets: the plan-like limits (I/O and network rates included). */
  limits: ContainerLimits;
  /** Median of the raw LXC floor (line 1), for the create+start line's ratio. */
  rawMedian: number;
  progress(text: string): void;
  killAndDestroy(name: string): Promise<void>;
  checkInterrupted(): void;
}

/** Creates and starts VPS number `index` (its addresses and id range); resolves to the milliseconds it took. */
async function createAndStart(options: SweepBenchOptions, name: string, index: number): Promise<number> {
  const { client } = options.agent;
  const started = now();
  await client.createContainer(testSpec(name, index, { limits: options.limits }, options.network));
  const { container } = await client.startContainer(name);
  if (container?.state !== "RUNNING") throw new Error(`agent reported ${name} as ${container?.state}`);
  return now() - started;
}

/** `sweepCalls` usage sweeps after a warm-up one, each checked to report every VPS running. */
async function timeSweeps(options: SweepBenchOptions, running: number): Promise<number[]> {
  const times: number[] = [];
  for (let call = 0; call <= sweepCalls; call += 1) {
    options.checkInterrupted();
    const started = now();
    const report = await options.agent.client.usage();
    const duration = now() - started;
    const reported = report.containers.filter((container) => container.running).length;
    if (reported !== running) throw new Error(`the usage sweep reported ${reported} running VPS, expected ${running}`);
    if (call > 0) times.push(duration);
  }
  return times;
}

/** The commands each sweep runs once whatever the number of VPS, run here the same way (the two nft lists at once, as the agent does). */
async function timeSweepCommands(config: AgentConfig): Promise<{ qgroup: number[]; counters: number[] }> {
  const tables = networkTables(config.bridge);
  const qgroup: number[] = [];
  const counters: number[] = [];
  for (let call = 0; call <= sweepCalls; call += 1) {
    const qgroupTime = await timed(() => run("btrfs", ["qgroup", "show", "--raw", config.poolDir]));
    const countersTime = await timed(() =>
      Promise.all([run("nft", ["-j", "list", "counters", "table", "bridge", tables.bridge]), run("nft", ["-j", "list", "counters", "table", "inet", tables.inet])]),
    );
    if (call === 0) continue;
    qgroup.push(qgroupTime);
    counters.push(countersTime);
  }
  return { qgroup, counters };
}

function memoryLine(label: string, memory: { rssBytes: number; pssBytes: number | null }): string {
  return `   ${label}: RSS ${mebibytes(memory.rssBytes)}, PSS ${memory.pssBytes === null ? "?" : mebibytes(memory.pssBytes)}`;
}

function differenceLine(label: string, from: { rssBytes: number; pssBytes: number | null }, to: { rssBytes: number; pssBytes: number | null }, count: number): string {
  const perVps = (bytes: number) => `${(bytes / count / 1024).toFixed(0)} KiB per VPS`;
  const rss = to.rssBytes - from.rssBytes;
  const pss = from.pssBytes === null || to.pssBytes === null ? null : to.pssBytes - from.pssBytes;
  return `   ${label}: RSS ${mebibytes(rss)} (${perVps(rss)}), PSS ${pss === null ? "?" : `${mebibytes(pss)} (${perVps(pss)})`}`;
}

/** Line 6: sweeps over 1 and over `vpsCount` running VPS, the agent's memory at 0, 1 and `vpsCount`, and create+start beside them. */
export async function benchUsageSweep(options: SweepBenchOptions, rows: Row[], details: Row[], notes: string[]): Promise<void> {
  const { agent, vpsCount, runs } = options;
  const name = (index: number) => `bench-sweep-${index}`;
  const atStart = await processMemory(agent.pid);

  await createAndStart(options, name(0), 0);
  const oneSweep = await timeSweeps(options, 1);
  const withOne = await processMemory(agent.pid);
  options.progress(`usage sweep over 1 VPS: ${sweepCalls} calls done; starting ${vpsCount - 1} more VPS, ${fillConcurrency} at a time ...`);

  const fillStarted = now();
  const more = Array.from({ length: vpsCount - 1 }, (_, offset) => offset + 1);
  await forEachConcurrently(more, fillConcurrency, async (index) => {
    options.checkInterrupted();
    await createAndStart(options, name(index), index);
  });
  const fillSeconds = (now() - fillStarted) / 1000;
  const manySweep = await timeSweeps(options, vpsCount);
  const withMany = await processMemory(agent.pid);
  const commands = await timeSweepCommands(agent.config);
  options.progress(`usage sweep over ${vpsCount} VPS: ${sweepCalls} calls done`);

  // One more VPS, created and started alone beside the others (its address and ids follow theirs).
  const extra: number[] = [];
  for (let index = 0; index <= runs; index += 1) {
    options.checkInterrupted();
    try {
      const duration = await createAndStart(options, "bench-sweep-extra", vpsCount);
      if (index > 0) extra.push(duration);
    } finally {
      await options.killAndDestroy("bench-sweep-extra");
    }
  }
  options.progress(`agent create+start beside ${vpsCount} running VPS: ${runs} runs done`);

  const one = summarize(oneSweep);
  const many = summarize(manySweep);
  rows.push({ label: "6. usage sweep (GET /v1/usage), 1 running VPS", summary: one });
  if (vpsCount > 1) rows.push({ label: `6. usage sweep (GET /v1/usage), ${vpsCount} running VPS`, summary: many });
  rows.push({ label: `6. agent create+start, ${vpsCount} VPS already running`, summary: summarize(extra), baseline: options.rawMedian });
  details.push(
    { label: `   6. sweep's btrfs qgroup show --raw of the pool (${vpsCount} VPS)`, summary: summarize(commands.qgroup) },
    { label: `   6. sweep's nft -j list counters, bridge + inet tables at once (${vpsCount} VPS)`, summary: summarize(commands.counters) },
  );
  notes.push(
    `6. usage sweep and agent memory, on the agent as its own process (node --import tsx agent/main.ts serve, as scripts/up.sh runs it; pid ${agent.pid}):`,
    `   sweep: ${sweepCalls} calls after 1 warm-up per VPS count; every VPS has the plan limits (${JSON.stringify(options.limits)})`,
    ...(vpsCount > 1
      ? [
          `   sweep cost per further running VPS: (${many.median.toFixed(1)} - ${one.median.toFixed(1)}) / ${vpsCount - 1} = ${((many.median - one.median) / (vpsCount - 1)).toFixed(2)} ms (medians)`,
          `   filling the host: ${vpsCount - 1} VPS created and started ${fillConcurrency} at a time in ${fillSeconds.toFixed(1)} s`,
        ]
      : []),
    "   agent process memory (/proc/<pid>/status VmRSS, /proc/<pid>/smaps_rollup Pss; tsx's loader thread included, as in production):",
    memoryLine("at start, no VPS", atStart),
    memoryLine("with 1 running VPS (after its sweeps)", withOne),
    memoryLine(`with ${vpsCount} running VPS (after their sweeps)`, withMany),
    differenceLine(`agent memory for ${vpsCount} VPS (with ${vpsCount} - at start)`, atStart, withMany, vpsCount),
    ...(vpsCount > 1 ? [differenceLine(`beyond the first VPS (with ${vpsCount} - with 1)`, withOne, withMany, vpsCount - 1)] : []),
  );
}
