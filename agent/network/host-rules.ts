import type { HostAddressPool, HostNetworkConfig, PortForward } from "../types";
import { formatAddress, formatNetwork, networkContains, parseAddress, parseNetwork } from "./addresses";
import type { NetworkTables } from "./tables";

/**
 * The host-wide part of the agent's tables. The bridge table sends every frame from a container
 * port to that container's own chain (a verdict map keyed by port). The inet table:
 * - input: containers reach the host only with ICMP (their gateway) and replies to the host's
 *   own connections; the agent's API, the panel, Redis or SSH on any host address are dropped;
 * - forward: a container's traffic leaves only through its pool's uplink, or stays on the
 *   bridge; from an uplink, only to routed pools, to port forwards, or as replies; every such
 *   packet passes the container's own firewall (outbound for its sender, inbound for its receiver);
 * - output: the host's own traffic to containers passes their inbound firewall too;
 * - nat: NAT pools masqueraded to their uplink; port forwards on the uplink's addresses.
 */

const baseChains = [
  { name: "input_filter", hook: "type filter hook input priority 0; policy accept;" },
  { name: "forward_filter", hook: "type filter hook forward priority 0; policy accept;" },
  { name: "output_filter", hook: "type filter hook output priority 0; policy accept;" },
  { name: "nat_prerouting", hook: "type nat hook prerouting priority dstnat; policy accept;" },
  { name: "nat_postrouting", hook: "type nat hook postrouting priority srcnat; policy accept;" },
];
const regularChains = ["vps_egress", "vps_ingress", "outbound_firewall", "inbound_firewall"];

export const hostCounters = { hostAccess: "host_access_drops", unrouted: "unrouted_drops" } as const;

/** Tables, maps, counters and chains, created if missing and never emptied (containers' elements stay). */
export function skeletonLines(tables: NetworkTables): string[] {
  const { bridge, inet } = tables;
  return [
    `add table bridge ${bridge}`,
    `add map bridge ${bridge} from_vps { type ifname : verdict; }`,
    `add chain bridge ${bridge} prerouting_filter { type filter hook prerouting priority -200; policy accept; }`,
    `add table inet ${inet}`,
    ...Object.values(hostCounters).map((counter) => `add counter inet ${inet} ${counter}`),
    `add map inet ${inet} firewall_in4 { type ipv4_addr : verdict; }`,
    `add map inet ${inet} firewall_out4 { type ipv4_addr : verdict; }`,
    // Interval maps: a container's IPv6 key may be a whole delegated prefix.
    `add map inet ${inet} firewall_in6 { type ipv6_addr : verdict; flags interval; }`,
    `add map inet ${inet} firewall_out6 { type ipv6_addr : verdict; flags interval; }`,
    ...baseChains.map((chain) => `add chain inet ${inet} ${chain.name} { ${chain.hook} }`),
    ...regularChains.map((chain) => `add chain inet ${inet} ${chain}`),
  ];
}

const ipKeyword = (pool: HostAddressPool) => (pool.family === 4 ? "ip" : "ip6");

/** The NAT pool a forwarded address belongs to (its uplink receives the forward). */
export function poolOfForward(pools: readonly HostAddressPool[], forward: PortForward): HostAddressPool | undefined {
  const address = parseAddress(forward.address);
  return pools.find((pool) => pool.mode === "nat" && pool.uplink && networkContains(parseNetwork(pool.network), address));
}

/** The host-wide chains' rules for the configuration: one transaction with the skeleton. */
export function hostRuleLines(tables: NetworkTables, config: HostNetworkConfig): string[] {
  const { inet } = tables;
  const bridge = `"${tables.device}"`;
  const routedPools = config.pools.filter((pool) => pool.uplink !== null);
  const network = (pool: HostAddressPool) => formatNetwork(parseNetwork(pool.network));
  const chain = (name: string, rules: string[]) => [`flush chain inet ${inet} ${name}`, ...rules.map((rule) => `add rule inet ${inet} ${name} ${rule}`)];
  const forwards = config.portForwards.flatMap((forward) => {
    const pool = poolOfForward(config.pools, forward);
    if (!pool) return [];
    const target = `${formatAddress(parseAddress(forward.address))}:${forward.port}`;
    return [`iifname "${pool.uplink}" fib daddr type local ${forward.protocol} dport ${forward.publicPort} dnat ip to ${target}`];
  });
  return [
    `flush chain bridge ${tables.bridge} prerouting_filter`,
    `add rule bridge ${tables.bridge} prerouting_filter iifname vmap @from_vps`,
    ...chain("input_filter", [
      `iifname ${bridge} ct state established,related accept`,
      `iifname ${bridge} icmp type { echo-request, echo-reply, destination-unreachable, time-exceeded } accept`,
      // Neighbour discovery and ping with the gateway (router advertisements never get this far).
      `iifname ${bridge} meta l4proto ipv6-icmp accept`,
      `iifname ${bridge} counter name "${hostCounters.hostAccess}" drop`,
    ]),
    ...chain("forward_filter", [`iifname ${bridge} jump vps_egress`, `oifname ${bridge} jump vps_ingress`]),
    ...chain("vps_egress", [
      `oifname ${bridge} goto outbound_firewall`,
      ...routedPools.map((pool) => `${ipKeyword(pool)} saddr ${network(pool)} oifname "${pool.uplink}" goto outbound_firewall`),
      `counter name "${hostCounters.unrouted}" drop`,
    ]),
    ...chain("vps_ingress", [
      `iifname ${bridge} goto inbound_firewall`,
      `ct state established,related goto inbound_firewall`,
      ...routedPools.map((pool) =>
        pool.mode === "routed"
          ? `iifname "${pool.uplink}" ${ipKeyword(pool)} daddr ${network(pool)} goto inbound_firewall`
          : `iifname "${pool.uplink}" ${ipKeyword(pool)} daddr ${network(pool)} ct status dnat goto inbound_firewall`,
      ),
      `counter name "${hostCounters.unrouted}" drop`,
    ]),
    ...chain("outbound_firewall", ["ip saddr vmap @firewall_out4", "ip6 saddr vmap @firewall_out6"]),
    ...chain("inbound_firewall", ["ip daddr vmap @firewall_in4", "ip6 daddr vmap @firewall_in6"]),
    ...chain("output_filter", [`oifname ${bridge} goto inbound_firewall`]),
    ...chain("nat_prerouting", forwards),
    ...chain("nat_postrouting", routedPools.filter((pool) => pool.mode === "nat").map((pool) => `${ipKeyword(pool)} saddr ${network(pool)} oifname "${pool.uplink}" masquerade`)),
  ];
}
