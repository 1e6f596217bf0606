import type { ContainerNetwork } from "../types";
import type { RootfsWriter } from "./rootfs-writer";

function addressOf(cidr: string): string {
  return cidr.split("/")[0] as string;
}

/** /etc/hosts: loopback names, and the VPS's own addresses under its host name (so `hostname -f` and sudo resolve it). */
export function renderHosts(hostname: string, network: ContainerNetwork): string {
  return [
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "ff02::1\tip6-allnodes",
    "ff02::2\tip6-allrouters",
    `${addressOf(network.ipv4)}\t${hostname}`,
    `${addressOf(network.ipv6)}\t${hostname}`,
    "",
  ].join("\n");
}

/** /etc/hostname and /etc/hosts. */
export async function writeHostNames(writer: RootfsWriter, hostname: string, network: ContainerNetwork): Promise<void> {
  await writer.write("/etc/hostname", `${hostname}\n`, { mode: 0o644 });
  await writer.write("/etc/hosts", renderHosts(hostname, network), { mode: 0o644 });
}

/** /etc/resolv.conf with the given name servers; left as the image has it when there are none. */
export async function writeResolvers(writer: RootfsWriter, resolvers: string[]): Promise<void> {
  if (resolvers.length === 0) return;
  const lines = ["# Written by Berth at first boot.", ...resolvers.map((address) => `nameserver ${address}`), ""];
  await writer.write("/etc/resolv.conf", lines.join("\n"), { mode: 0o644 });
}
