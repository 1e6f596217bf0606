import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runCommand } from "../../agent/run-command";

// A "host" of its own on this machine: a network namespace reached from the root namespace over a
// veth pair (10.60.N.1 here, 10.60.N.2 there), in which the agent runs as its own process with its
// own data folder, btrfs pool, LXC path and bridge (br-bhN, 10.6N.0.1/24).

const repository = fileURLToPath(new URL("../..", import.meta.url));

export interface NamespacedHost {
  index: number;
  namespace: string;
  /** The host's address on its veth, where its agent listens. */
  address: string;
  /** The root namespace's address on the veth, where the host reaches the test's panel. */
  peerAddress: string;
  bridge: string;
  bridgeIpv4: string;
  bridgeIpv6: string;
  dataDir: string;
  agentUrl: string;
  /** Runs the agent's join command (its exit code and output). */
  join(panelUrl: string, token: string): Promise<{ code: number; output: string }>;
  startAgent(): Promise<void>;
  /** SIGKILL: a host that vanishes, not one that shuts down. */
  killAgent(): Promise<void>;
  readFile(name: string): Promise<string>;
  /** Everything the agent processes printed (its log lines), to show when a test fails. */
  agentOutput(): string;
  destroy(): Promise<void>;
}

function agentEnvironment(host: Pick<NamespacedHost, "dataDir" | "bridge" | "bridgeIpv4" | "bridgeIpv6" | "address">): NodeJS.ProcessEnv {
  const { BERTH_AGENT_SECRET: _ignored, ...environment } = process.env;
  return {
    ...environment,
    BERTH_DATA_DIR: host.dataDir,
    BERTH_POOL_SIZE: "4G",
    BERTH_BRIDGE: host.bridge,
    BERTH_BRIDGE_IPV4: host.bridgeIpv4,
    BERTH_BRIDGE_IPV6: host.bridgeIpv6,
    BERTH_AGENT_LISTEN: `${host.address}:7070`,
    BERTH_IMAGE_CACHE_DIR: `${host.dataDir}/image-cache`,
  };
}

// The agent runs in the host's network namespace and in a mount namespace of its own (kept in a
// file, so it outlives agent restarts, as the pool mount and containers must): there
// /sys/class/net and /sys/devices/virtual/net come from a sysfs mounted inside the network
// namespace, so the agent sees its own bridge and veths in /sys as on a real host.
const mountNamespaceFile = (namespace: string) => `/run/berth-cluster-mnt-${namespace}`;
const sysfsDir = (namespace: string) => `/run/berth-cluster-sys-${namespace}`;

function inHost(namespace: string, command: string[]) {
  // --wd: entering a mount namespace otherwise starts the command in /.
  return ["nsenter", `--mount=${mountNamespaceFile(namespace)}`, `--net=/run/netns/${namespace}`, `--wd=${repository}`, ...command];
}

function agentCommand(namespace: string, args: string[]) {
  return inHost(namespace, [process.execPath, "--import", "tsx", "agent/main.ts", ...args]);
}

async function createMountNamespace(namespace: string): Promise<void> {
  await runCommand(["touch", mountNamespaceFile(namespace)]);
  await runCommand(["mkdir", "-p", sysfsDir(namespace)]);
  await runCommand(["unshare", `--mount=${mountNamespaceFile(namespace)}`, "--propagation", "private", "true"]);
  const sys = sysfsDir(namespace);
  await runCommand(inHost(namespace, ["mount", "-t", "sysfs", "sysfs", sys]));
  await runCommand(inHost(namespace, ["mount", "--bind", `${sys}/class/net`, "/sys/class/net"]));
  await runCommand(inHost(namespace, ["mount", "--bind", `${sys}/devices/virtual/net`, "/sys/devices/virtual/net"]));
}

async function removeMountNamespace(namespace: string): Promise<void> {
  await runCommand(["umount", mountNamespaceFile(namespace)]).catch(() => undefined);
  await runCommand(["rm", "-f", mountNamespaceFile(namespace)]);
  await runCommand(["rmdir", sysfsDir(namespace)]).catch(() => undefined);
}

function runAgentCommand(namespace: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const [program, ...rest] = agentCommand(namespace, args);
  return new Promise((resolve, reject) => {
    const child = spawn(program!, rest, { cwd: repository, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, output }));
  });
}

export async function createNamespacedHost(index: number): Promise<NamespacedHost> {
  const namespace = `bh${index}`;
  const rootSide = `vbh${index}`;
  const address = `10.60.${index}.2`;
  const peerAddress = `10.60.${index}.1`;
  const dataDir = `/var/tmp/berth-cluster-${namespace}-${randomBytes(3).toString("hex")}`;
  const host = { dataDir, bridge: `br-bh${index}`, bridgeIpv4: `10.6${index}.0.1/24`, bridgeIpv6: `fd60:6${index}::1/64`, address };
  // A namespace left by a crashed run would keep its old bridge and veth: start clean.
  await runCommand(["ip", "netns", "del", namespace]).catch(() => undefined);
  await runCommand(["ip", "link", "del", rootSide]).catch(() => undefined);
  await removeMountNamespace(namespace);
  await runCommand(["ip", "netns", "add", namespace]);
  await runCommand(["ip", "link", "add", rootSide, "type", "veth", "peer", "name", "eth0", "netns", namespace]);
  await runCommand(["ip", "addr", "add", `${peerAddress}/24`, "dev", rootSide]);
  await runCommand(["ip", "link", "set", rootSide, "up"]);
  for (const command of [["ip", "addr", "add", `${address}/24`, "dev", "eth0"], ["ip", "link", "set", "eth0", "up"], ["ip", "link", "set", "lo", "up"]]) {
    await runCommand(["ip", "netns", "exec", namespace, ...command]);
  }
  await createMountNamespace(namespace);
  await mkdir(dataDir, { recursive: true });
  // Every parent of an unprivileged container's rootfs must be traversable.
  await chmod(dataDir, 0o755);
  const env = agentEnvironment(host);
  let agent: ChildProcess | null = null;
  let output = "";

  async function killAgent(): Promise<void> {
    const running = agent;
    agent = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  }

  return {
    index,
    namespace,
    peerAddress,
    ...host,
    agentUrl: `https://${address}:7070`,
    join: (panelUrl, token) => runAgentCommand(namespace, ["join", "--panel", panelUrl, "--token", token, "--advertise", `https://${address}:7070`], env),
    async startAgent() {
      const [program, ...rest] = agentCommand(namespace, ["serve"]);
      const child = spawn(program!, rest, { cwd: repository, env, stdio: ["ignore", "pipe", "pipe"] });
      agent = child;
      // Only this start's output counts: an earlier process said "listening" too.
      const from = output.length;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`agent of ${namespace} did not start: ${output}`)), 120_000);
        child.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (/berth agent listening on|"event":"listening"/.test(output.slice(from))) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`agent of ${namespace} exited with ${code}: ${output}`));
        });
      });
    },
    killAgent,
    readFile: (name) => readFile(`${dataDir}/${name}`, "utf8"),
    agentOutput: () => output,
    async destroy() {
      await killAgent();
      // Destroys its containers, unmounts its pool (and detaches the loop device), deletes its bridge.
      const teardown = await runAgentCommand(namespace, ["teardown"], env);
      if (teardown.code !== 0) console.error(`teardown of ${namespace}: ${teardown.output}`);
      await removeMountNamespace(namespace);
      await runCommand(["ip", "netns", "del", namespace]).catch(() => undefined);
      await runCommand(["ip", "link", "del", rootSide]).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
