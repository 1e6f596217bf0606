import { spawn, type ChildProcess } from "node:child_process";
import { runCommand } from "../../agent/run-command";

/**
 * A stand-in for the internet: a network namespace joined to the host by a veth pair (the
 * host's end is the uplink), with documentation addresses only (RFC 5737 / RFC 3849). It has no
 * other way out, so nothing a test, a VPS or the host sends to it can reach a real network.
 * Only 198.51.100.0/24 and 2001:db8::/32: on these machines 192.0.2.0/24 is the machine's own
 * network and 203.0.113.80 the proxy npm and Debian's archive are reached through, so a route to
 * either on a test bridge would cut the machine off.
 */
export interface UpstreamOptions {
  /** The namespace's name and the host's uplink interface name (at most 15 characters). */
  namespace: string;
  uplink: string;
  /** The link between host and upstream: the host takes .1 / ::1, the upstream .2 / ::2, e.g. 198.51.100 and 2001:db8:1. */
  ipv4Prefix: string;
  ipv6Prefix: string;
  /** The link's IPv4 prefix length (default 24); the rest of the /24 can then be routed pools. */
  ipv4PrefixLength?: number;
  /** Networks the upstream routes to the host (routed pools), e.g. 198.51.100.128/26, 2001:db8:100::/48. */
  routedToHost: string[];
}

export interface Upstream {
  namespace: string;
  uplink: string;
  hostIpv4: string;
  hostIpv6: string;
  ipv4: string;
  ipv6: string;
  /** Runs a command inside the namespace. */
  run(command: string[], timeoutMs?: number): ReturnType<typeof runCommand>;
  /** Starts a long-running command inside the namespace (a server); killed by remove(). */
  spawn(command: string[]): ChildProcess;
  /** Bytes the upstream's interface received and sent so far (what crossed the link). */
  interfaceBytes(): Promise<{ rx: number; tx: number }>;
  remove(): Promise<void>;
}

export async function createUpstream(options: UpstreamOptions): Promise<Upstream> {
  const { namespace, uplink } = options;
  await runCommand(["ip", "netns", "del", namespace]).catch(() => undefined);
  await runCommand(["ip", "link", "del", uplink]).catch(() => undefined);
  await runCommand(["ip", "netns", "add", namespace]);
  const inside = (command: string[]) => ["ip", "netns", "exec", namespace, ...command];
  await runCommand(["ip", "link", "add", uplink, "type", "veth", "peer", "name", "eth0", "netns", namespace]);
  const hostIpv4 = `${options.ipv4Prefix}.1`;
  const hostIpv6 = `${options.ipv6Prefix}::1`;
  const ipv4 = `${options.ipv4Prefix}.2`;
  const ipv6 = `${options.ipv6Prefix}::2`;
  await runCommand(["sysctl", "-qw", `net.ipv6.conf.${uplink}.accept_dad=0`]);
  const length = options.ipv4PrefixLength ?? 24;
  await runCommand(["ip", "address", "add", `${hostIpv4}/${length}`, "dev", uplink]);
  await runCommand(["ip", "address", "add", `${hostIpv6}/64`, "dev", uplink, "nodad"]);
  await runCommand(["ip", "link", "set", uplink, "up"]);
  await runCommand(inside(["sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=0"]));
  await runCommand(inside(["ip", "link", "set", "lo", "up"]));
  await runCommand(inside(["ip", "address", "add", `${ipv4}/${length}`, "dev", "eth0"]));
  await runCommand(inside(["ip", "address", "add", `${ipv6}/64`, "dev", "eth0", "nodad"]));
  await runCommand(inside(["ip", "link", "set", "eth0", "up"]));
  for (const network of options.routedToHost) {
    await runCommand(inside(["ip", "route", "add", network, "via", network.includes(":") ? hostIpv6 : hostIpv4]));
  }
  const children: ChildProcess[] = [];
  const readCounter = async (name: string) => Number((await runCommand(inside(["cat", `/sys/class/net/eth0/statistics/${name}`]))).stdout.trim());
  return {
    namespace,
    uplink,
    hostIpv4,
    hostIpv6,
    ipv4,
    ipv6,
    run: (command, timeoutMs = 30_000) => runCommand(inside(command), { timeoutMs }),
    spawn(command) {
      const [program = "", ...args] = inside(command);
      const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
      children.push(child);
      return child;
    },
    interfaceBytes: async () => ({ rx: await readCounter("rx_bytes"), tx: await readCounter("tx_bytes") }),
    async remove() {
      for (const child of children) child.kill("SIGKILL");
      await runCommand(["ip", "netns", "del", namespace]).catch(() => undefined);
      await runCommand(["ip", "link", "del", uplink]).catch(() => undefined);
    },
  };
}

/** A TCP service in the upstream that answers every connection with the address it came from, then closes. */
export function peerAddressEcho(upstream: Upstream, port: number): ChildProcess {
  const script = `require("net").createServer((s) => s.end(s.remoteAddress.replace(/^::ffff:/, "") + "\\n")).listen(${port}, "::")`;
  return upstream.spawn([process.execPath, "-e", script]);
}
