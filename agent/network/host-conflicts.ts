import { runCommand } from "../run-command";
import type { HostAddressPool } from "../types";
import { formatNetwork, isLinkLocal, networkContains, parseAddress, parseNetwork, type ParsedNetwork } from "./addresses";

interface InterfaceNetwork {
  device: string;
  network: ParsedNetwork;
  address: string;
}

/** Every address of the host, with the interface it is on and its connected network. */
async function hostAddresses(): Promise<InterfaceNetwork[]> {
  const { stdout } = await runCommand(["ip", "-j", "address", "show"]);
  const interfaces = JSON.parse(stdout) as Array<{ ifname: string; addr_info?: Array<{ local: string; prefixlen: number }> }>;
  return interfaces.flatMap((entry) =>
    (entry.addr_info ?? []).map((info) => ({ device: entry.ifname, address: info.local, network: parseNetwork(`${info.local}/${info.prefixlen}`) })),
  );
}

function overlaps(a: ParsedNetwork, b: ParsedNetwork): boolean {
  return a.family === b.family && (networkContains(a, b) || networkContains(b, a));
}

/**
 * Why a pool would break the host's own network, or null: its gateway is already an address of
 * another interface, or its network overlaps a network the host reaches through another interface
 * than the bridge and the pool's own uplink (a proxied pool lies inside its uplink's network on
 * purpose). Putting such a pool on the bridge would steal the host's traffic to that network.
 */
export async function poolConflict(bridge: string, pools: readonly HostAddressPool[]): Promise<string | null> {
  const existing = (await hostAddresses()).filter((entry) => entry.device !== bridge && !isLinkLocal(parseAddress(entry.address)));
  for (const pool of pools) {
    const gateway = parseAddress(pool.gateway);
    const network = parseNetwork(pool.network);
    for (const entry of existing) {
      if (entry.network.family === gateway.family && parseAddress(entry.address).value === gateway.value) {
        return `pools: ${pool.name}'s gateway ${pool.gateway} is already an address of ${entry.device}`;
      }
      if (entry.device !== pool.uplink && overlaps(network, entry.network)) {
        return `pools: ${pool.name}'s network ${formatNetwork(network)} overlaps ${formatNetwork(entry.network)} of ${entry.device}`;
      }
    }
  }
  return null;
}
