import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rm } from "node:fs/promises";
import { AgentClient, AgentRequestError } from "../../agent/client";
import { loadAgentConfig, type AgentConfig } from "../../agent/config";
import { prepareHost } from "../../agent/host/prepare";
import { removeBridge } from "../../agent/host/bridge";
import { teardownHost } from "../../agent/host/teardown";
import { pathExists } from "../../agent/path-exists";
import { runCommand } from "../../agent/run-command";
import { startAgentServer, type AgentServer } from "../../agent/server";
import type { ContainerSpec } from "../../agent/types";

// An isolated agent for tests: its own data dir, pool image, bridge and address ranges, so it
// cannot collide with a dev instance (br-berth, 10.77.0.0/24) or another test file's agent.
export interface TestNetwork {
  bridge: string;
  /** First three octets of the bridge's IPv4 /24, e.g. "10.78.0". */
  ipv4Prefix: string;
  /** First four groups of the bridge's IPv6 /64, e.g. "fd77:6265:7274:78". */
  ipv6Prefix: string;
}

export const agentTestNetwork: TestNetwork = { bridge: "br-berth-t", ipv4Prefix: "10.78.0", ipv6Prefix: "fd77:6265:7274:78" };

export function bridgeAddresses(network: TestNetwork) {
  return { ipv4: `${network.ipv4Prefix}.1/24`, ipv6: `${network.ipv6Prefix}::1/64` };
}

export interface TestAgent {
  config: AgentConfig;
  server: AgentServer;
  client: AgentClient;
  secret: string;
  logs: Array<Record<string, unknown>>;
  teardown(): Promise<void>;
}

/**
 * `poolSize`: the pool image's size (2G holds BusyBox containers; a Debian image takes ~200 MB per
 * version); `environment`: more of the agent's variables (e.g. BERTH_METRICS_TOKEN).
 */
export async function startTestAgent(network: TestNetwork = agentTestNetwork, options: { poolSize?: string; environment?: Record<string, string> } = {}): Promise<TestAgent> {
  // /var/tmp, not mktemp under /tmp: every parent of a rootfs must be traversable (0755).
  const dataDir = `/var/tmp/berth-agent-test-${randomBytes(4).toString("hex")}`;
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  // A bridge left by a crashed earlier test run would keep stale state; start clean.
  await removeBridge(network.bridge);

  const secret = randomBytes(32).toString("hex");
  const config = loadAgentConfig({
    BERTH_DATA_DIR: dataDir,
    BERTH_POOL_SIZE: options.poolSize ?? "2G",
    BERTH_BRIDGE: network.bridge,
    BERTH_BRIDGE_IPV4: bridgeAddresses(network).ipv4,
    BERTH_BRIDGE_IPV6: bridgeAddresses(network).ipv6,
    BERTH_AGENT_LISTEN: "127.0.0.1:0",
    BERTH_AGENT_SECRET: secret,
    ...options.environment,
  });
  await prepareHost(config);
  const logs: Array<Record<string, unknown>> = [];
  const server = await startAgentServer({
    config,
    log: (event) => {
      logs.push(event);
      // Internal errors only say "see the agent log" to the client; show the log line here.
      if (event.error === "internal_error" && event.stack) console.error(JSON.stringify(event));
    },
  });
  const client = new AgentClient({ url: server.url, secret });

  async function teardown(): Promise<void> {
    try {
      for (const container of await client.listContainers()) await client.destroyContainer(container.name);
    } finally {
      await server.close();
      await teardownHost(config);
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  return { config, server, client, secret, logs, teardown };
}

/** A small valid spec; `index` picks the addresses and the id range, `network` the test agent's. */
export function testSpec(
  name: string,
  index: number,
  overrides: Partial<ContainerSpec> = {},
  network: TestNetwork = agentTestNetwork,
): ContainerSpec {
  const { ipv4Prefix: testIpv4Prefix, ipv6Prefix: testIpv6Prefix } = network;
  return {
    name,
    template: "busybox",
    hostname: `${name}-host`,
    idmapBase: 65536 * (10 + index),
    limits: { cpus: 0.5, memoryMb: 96, swapMb: 32, diskMb: 64, processes: 128 },
    network: {
      ipv4: `${testIpv4Prefix}.${10 + index}/24`,
      gateway4: `${testIpv4Prefix}.1`,
      ipv6: `${testIpv6Prefix}::${(10 + index).toString(16)}/64`,
      gateway6: `${testIpv6Prefix}::1`,
    },
    ...overrides,
  };
}

export interface ContainerCgroupLimits {
  memoryBytes: number;
  cpuQuotaMicroseconds: number;
  cpuPeriodMicroseconds: number;
  pidsMax: number;
}

/** The cgroup folder of a process for a controller ("" for the v2 unified tree). */
async function cgroupDirectory(pid: number, controller: string): Promise<string | null> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, "utf8")).trim().split("\n");
  for (const line of lines) {
    const [, controllers = "", cgroupPath = ""] = line.split(":");
    if (controller === "" ? controllers === "" : controllers.split(",").includes(controller)) {
      const base = controller === "" ? "/sys/fs/cgroup" : `/sys/fs/cgroup/${controller}`;
      return `${base}${cgroupPath}`;
    }
  }
  return null;
}

async function readNumber(file: string): Promise<number> {
  const text = (await readFile(file, "utf8")).trim();
  return text === "max" ? Number.POSITIVE_INFINITY : Number(text);
}

/** Reads a container's limits from the host's cgroup files, found through its init's pid. */
export async function readContainerCgroupLimits(pid: number): Promise<ContainerCgroupLimits> {
  const memoryV1 = await cgroupDirectory(pid, "memory");
  if (memoryV1 && (await pathExists(`${memoryV1}/memory.limit_in_bytes`))) {
    const cpu = await cgroupDirectory(pid, "cpu");
    const pids = await cgroupDirectory(pid, "pids");
    return {
      memoryBytes: await readNumber(`${memoryV1}/memory.limit_in_bytes`),
      cpuQuotaMicroseconds: await readNumber(`${cpu}/cpu.cfs_quota_us`),
      cpuPeriodMicroseconds: await readNumber(`${cpu}/cpu.cfs_period_us`),
      pidsMax: await readNumber(`${pids}/pids.max`),
    };
  }
  const unified = await cgroupDirectory(pid, "");
  if (!unified) throw new Error(`no cgroup found for pid ${pid}`);
  const [quota = "", period = ""] = (await readFile(`${unified}/cpu.max`, "utf8")).trim().split(" ");
  return {
    memoryBytes: await readNumber(`${unified}/memory.max`),
    cpuQuotaMicroseconds: Number(quota),
    cpuPeriodMicroseconds: Number(period),
    pidsMax: await readNumber(`${unified}/pids.max`),
  };
}

/** Contents of one cgroup file of a process (v1 controller name, or "" for the v2 tree); null if absent. */
export async function readCgroupFile(pid: number, controller: string, file: string): Promise<string | null> {
  const directory = await cgroupDirectory(pid, controller);
  if (!directory || !(await pathExists(`${directory}/${file}`))) return null;
  return (await readFile(`${directory}/${file}`, "utf8")).trim();
}

/** When a process started (clock ticks since boot, /proc/<pid>/stat field 22): unchanged = not restarted. */
export async function processStartTime(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[19]);
}

/** The referenced-size limit of a subvolume's quota group in bytes, read with btrfs itself. */
export async function quotaLimitBytes(subvolume: string): Promise<number | null> {
  const { stdout } = await runCommand(["btrfs", "qgroup", "show", "-r", "--raw", "-f", subvolume]);
  const row = stdout.split("\n").find((line) => /^0\/\d+\s/.test(line.trim()));
  const limit = row?.trim().split(/\s+/)[3];
  return limit === undefined || limit === "none" ? null : Number(limit);
}

/** Pings from the host, retrying briefly (a fresh veth may need a moment to forward). */
export async function pingFromHost(address: string, attempts = 5): Promise<void> {
  const family = address.includes(":") ? ["-6"] : ["-4"];
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      await runCommand(["ping", ...family, "-c1", "-W2", address]);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw lastError;
}

/** LXC's own view of a container's state and its init's host pid. */
export async function lxcState(config: AgentConfig, name: string): Promise<{ state: string; pid: number | null }> {
  const { stdout } = await runCommand(["lxc-info", "-n", name, "-P", config.lxcPath, "-s", "-p"]);
  const pid = /^PID:\s+(\d+)/m.exec(stdout)?.[1];
  return { state: /^State:\s+(\S+)/m.exec(stdout)?.[1] ?? "", pid: pid ? Number(pid) : null };
}

/** The host uid a process runs as (first field of Uid: in /proc/<pid>/status). */
export async function processUid(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
}

export function runInContainer(config: AgentConfig, name: string, command: string[]) {
  return runCommand(["lxc-attach", "-n", name, "-P", config.lxcPath, "--", ...command], { timeoutMs: 30_000 });
}

export { pathExists as exists };

/** The AgentRequestError a request fails with; fails the test if it succeeds or fails otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<AgentRequestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AgentRequestError, `expected AgentRequestError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the request to fail");
}
