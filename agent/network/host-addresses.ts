import { runCommand } from "../run-command";
import type { ContainerSpec, HostAddressPool } from "../types";
import { canonicalAddress, formatAddress, isLinkLocal, networkContains, parseAddress, parseNetwork } from "./addresses";
import { containerLinkLocalAddress } from "./interface-names";

// The host's side of the pools: the gateways it holds on the bridge, the neighbour entries it
// proxies on uplinks, and the routes of delegated IPv6 prefixes. Every address is printed from
// its parsed number before it reaches `ip`.

export interface ProxyEntry {
  address: string;
  device: string;
}

/** The address (with prefix length) a pool's gateway takes on the bridge. */
export function gatewayCidr(pool: HostAddressPool): string {
  const gateway = parseAddress(pool.gateway);
  // A link-local gateway (fe80::1, the usual one for delegated prefixes) is on-link as a /64.
  const prefixLength = isLinkLocal(gateway) ? 64 : parseNetwork(pool.network).prefixLength;
  return `${formatAddress(gateway)}/${prefixLength}`;
}

/** The neighbour entries to proxy: each container address inside a pool that asks for it, on that pool's uplink. */
export function wantedProxyEntries(pools: readonly HostAddressPool[], specs: readonly ContainerSpec[]): ProxyEntry[] {
  const entries: ProxyEntry[] = [];
  for (const pool of pools) {
    if (!pool.proxyNeighbour || !pool.uplink) continue;
    const network = parseNetwork(pool.network);
    for (const spec of specs) {
      const address = parseAddress((pool.family === 4 ? spec.network.ipv4 : spec.network.ipv6).split("/")[0] ?? "");
      if (networkContains(network, address)) entries.push({ address: formatAddress(address), device: pool.uplink });
    }
  }
  return entries;
}

const entryKey = (entry: ProxyEntry) => `${entry.device} ${entry.address}`;

/** Adds the wanted proxy entries and deletes the ones applied before that are no longer wanted. */
export async function syncProxyEntries(wanted: readonly ProxyEntry[], applied: readonly ProxyEntry[]): Promise<void> {
  const wantedKeys = new Set(wanted.map(entryKey));
  // An entry already gone, or an uplink that does not exist yet, must not stop the others.
  await runIpBatch([
    ...applied.filter((entry) => !wantedKeys.has(entryKey(entry))).map((entry) => ["neigh", "del", "proxy", entry.address, "dev", entry.device]),
    ...wanted.map((entry) => ["neigh", "replace", "proxy", entry.address, "dev", entry.device]),
  ]);
}

/** The bridge addresses to add (replace) and to delete. */
export async function syncBridgeAddresses(bridge: string, wanted: readonly string[], stale: readonly string[]): Promise<void> {
  await runIpBatch([
    ...stale.map((cidr) => ["address", "del", cidr, "dev", bridge]),
    ...wanted.map((cidr) => ["address", "replace", cidr, "dev", bridge, ...(cidr.includes(":") ? ["nodad"] : [])]),
  ]);
}

/** Runs `ip` commands (argument arrays) in one process; -force: one that fails (an entry already gone) does not stop the rest. */
async function runIpBatch(commands: readonly (readonly string[])[]): Promise<void> {
  if (commands.length === 0) return;
  await runCommand(["ip", "-force", "-batch", "-"], { input: `${commands.map((command) => command.join(" ")).join("\n")}\n` }).catch(() => undefined);
}

function prefixRoute(bridge: string, spec: ContainerSpec, verb: "replace" | "del"): string[][] {
  if (!spec.network.ipv6Prefix) return [];
  const prefix = parseNetwork(spec.network.ipv6Prefix);
  const target = `${formatAddress(prefix)}/${prefix.prefixLength}`;
  return [verb === "replace" ? ["route", "replace", target, "via", containerLinkLocalAddress(spec.name), "dev", bridge] : ["route", "del", target, "dev", bridge]];
}

/**
 * After a container starts: forget the host's old neighbour entries for its addresses (a reused
 * address or a new MAC would otherwise stay unreachable until the stale entry expires), and
 * route a delegated IPv6 prefix to the container's link-local address.
 */
export async function refreshContainerNeighbours(bridge: string, spec: ContainerSpec): Promise<void> {
  await runIpBatch([
    ["neigh", "flush", "to", canonicalAddress(spec.network.ipv4), "dev", bridge],
    ["neigh", "flush", "to", canonicalAddress(spec.network.ipv6), "dev", bridge],
    ...prefixRoute(bridge, spec, "replace"),
  ]);
}

/** Routes a container's delegated prefix (before its first start, so it is reachable at once). */
export async function routeDelegatedPrefix(bridge: string, spec: ContainerSpec): Promise<void> {
  for (const command of prefixRoute(bridge, spec, "replace")) await runCommand(["ip", ...command]);
}

/** Removes a container's delegated prefix route (absent is fine). */
export async function unrouteDelegatedPrefix(bridge: string, spec: ContainerSpec): Promise<void> {
  await runIpBatch(prefixRoute(bridge, spec, "del"));
}
