import type { ContainerNetwork, FirewallPolicy, FirewallRule, NetworkDrops } from "../types";
import { addressBitsHex, formatAddress, formatNetwork, parseAddress, parseNetwork, type ParsedAddress, type ParsedNetwork } from "./addresses";
import { containerLinkLocalAddress, containerMacAddress, hostVethName } from "./interface-names";
import type { NetworkTables } from "./tables";

/**
 * One container's rules, in the two tables of its bridge:
 * - bridge family (every frame it sends, before the bridge decides where it goes): its own MAC,
 *   IPv4 (ARP sender included) and IPv6 (neighbour advertisement targets included) only; no
 *   router advertisements, redirects, DHCP or DHCPv6 server replies, nor non-IP frames.
 * - inet family (routed traffic, and bridged traffic through br_netfilter): its firewall, found
 *   by its addresses (which the bridge rules make trustworthy).
 * Each drop has a named counter; counters survive rewrites of the chains (add keeps them).
 */

export interface ContainerRuleInput {
  name: string;
  network: ContainerNetwork;
  firewall: FirewallPolicy | null;
}

/** What a container owns in the tables, all derived from its name. */
export function containerRuleNames(name: string) {
  const veth = hostVethName(name);
  return {
    veth,
    spoofChain: `spoof_${veth}`,
    inboundChain: `in_${veth}`,
    outboundChain: `out_${veth}`,
    counters: { spoofedMac: `${veth}_mac`, spoofedIpv4: `${veth}_ipv4`, spoofedIpv6: `${veth}_ipv6`, rogueServices: `${veth}_rogue` },
    firewallCounter: `${veth}_firewall`,
  };
}

/** Every chain, counter and port name a container owns in the tables (to tell leftovers apart). */
export function containerOwnedNames(name: string): string[] {
  const names = containerRuleNames(name);
  return [names.veth, names.spoofChain, names.inboundChain, names.outboundChain, ...Object.values(names.counters), names.firewallCounter];
}

/** Whether a chain or counter name is one the agent makes per container (vb + 13 hex digits inside). */
export function isContainerObjectName(name: string): boolean {
  return /^(spoof|in|out)_vb[0-9a-f]{13}$|^vb[0-9a-f]{13}_[a-z0-9]+$/.test(name);
}

/** The container's own IPv4 address, and its IPv6 sources: its address or delegated prefix. */
function containerAddresses(network: ContainerNetwork): { ipv4: ParsedAddress; ipv6: ParsedNetwork } {
  const ipv4 = parseAddress(network.ipv4.split("/")[0] ?? "");
  const ipv6 = network.ipv6Prefix ? parseNetwork(network.ipv6Prefix) : { ...parseAddress(network.ipv6.split("/")[0] ?? ""), prefixLength: 128 };
  return { ipv4, ipv6 };
}

/** The map keys that lead to its firewall: its IPv4 address and its IPv6 address or prefix. */
function firewallKeys(network: ContainerNetwork): { ipv4: string; ipv6: string } {
  const { ipv4, ipv6 } = containerAddresses(network);
  return { ipv4: formatAddress(ipv4), ipv6: ipv6.prefixLength === 128 ? formatAddress(ipv6) : formatNetwork(ipv6) };
}

function spoofRules(input: ContainerRuleInput): string[] {
  const names = containerRuleNames(input.name);
  const mac = containerMacAddress(input.name);
  const { ipv4, ipv6 } = containerAddresses(input.network);
  const linkLocal = parseAddress(containerLinkLocalAddress(input.name));
  const ipv6Sources = ipv6.prefixLength === 128 ? formatAddress(ipv6) : formatNetwork(ipv6);
  const drop = (counter: string) => `counter name "${counter}" drop`;
  const { counters } = names;
  return [
    `ether saddr != ${mac} ${drop(counters.spoofedMac)}`,
    `ether type != { arp, ip, ip6 } ${drop(counters.rogueServices)}`,
    `arp saddr ether != ${mac} ${drop(counters.spoofedMac)}`,
    // 0.0.0.0 is an ARP probe's sender (address conflict detection), never a claim.
    `arp saddr ip != { ${formatAddress(ipv4)}, 0.0.0.0 } ${drop(counters.spoofedIpv4)}`,
    `ip saddr != ${formatAddress(ipv4)} ${drop(counters.spoofedIpv4)}`,
    // :: is the source of duplicate address detection.
    `ip6 saddr != { ${ipv6Sources}, ${formatAddress(linkLocal)}, :: } ${drop(counters.spoofedIpv6)}`,
    `icmpv6 type { nd-router-advert, nd-redirect } ${drop(counters.rogueServices)}`,
    `meta l4proto udp udp sport { 67, 547 } ${drop(counters.rogueServices)}`,
    // A neighbour advertisement may only announce its own addresses (the target field, 8 bytes
    // into the message): its link-local one passes, anything outside its address or prefix drops.
    `icmpv6 type nd-neighbor-advert @th,64,128 ${addressBitsHex(linkLocal, 128)} return`,
    `icmpv6 type nd-neighbor-advert @th,64,${ipv6.prefixLength} != ${addressBitsHex(ipv6, ipv6.prefixLength)} ${drop(counters.spoofedIpv6)}`,
  ];
}

/** The match part of a firewall rule (the peer's network, the protocol, the ports). */
function ruleMatch(rule: FirewallRule): string {
  const parts: string[] = [];
  const family = rule.address ? parseNetwork(rule.address).family : null;
  if (rule.address) {
    const network = parseNetwork(rule.address);
    parts.push(`${network.family === 4 ? "ip" : "ip6"} ${rule.direction === "in" ? "saddr" : "daddr"} ${formatNetwork(network)}`);
  }
  if (rule.protocol === "tcp" || rule.protocol === "udp") {
    parts.push(`meta l4proto ${rule.protocol}`);
    if (rule.ports) parts.push(`${rule.protocol} dport ${rule.ports.from === rule.ports.to ? rule.ports.from : `${rule.ports.from}-${rule.ports.to}`}`);
  } else if (rule.protocol === "icmp") {
    parts.push(family === 4 ? "meta l4proto icmp" : family === 6 ? "meta l4proto ipv6-icmp" : "meta l4proto { icmp, ipv6-icmp }");
  }
  return parts.join(" ");
}

function firewallChains(input: ContainerRuleInput): { inbound: string[]; outbound: string[] } {
  const names = containerRuleNames(input.name);
  const policy = input.firewall ?? { version: 0, defaultInbound: "accept" as const, rules: [] };
  const drop = `counter name "${names.firewallCounter}" drop`;
  const rendered = (direction: FirewallRule["direction"]) =>
    policy.rules
      .filter((rule) => rule.direction === direction)
      // Outbound rules run before the destination's inbound ones (bridged traffic): their accept must let those run too.
      .map((rule) => `${ruleMatch(rule)} ${rule.action === "drop" ? drop : direction === "in" ? "accept" : "return"}`.trim());
  return {
    inbound: [
      // Replies to its own connections, and what IPv6 cannot work without, always pass.
      "ct state established,related accept",
      "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, mld-listener-query, mld-listener-report, mld2-listener-report } accept",
      ...rendered("in"),
      policy.defaultInbound === "accept" ? "accept" : drop,
    ],
    outbound: rendered("out"),
  };
}

function chainLines(family: "bridge" | "inet", table: string, chain: string, rules: readonly string[]): string[] {
  return [`add chain ${family} ${table} ${chain}`, `flush chain ${family} ${table} ${chain}`, ...rules.map((rule) => `add rule ${family} ${table} ${chain} ${rule}`)];
}

/** The nft commands that (re)write a container's rules: idempotent, one transaction. */
export function containerRuleLines(tables: NetworkTables, input: ContainerRuleInput): string[] {
  const names = containerRuleNames(input.name);
  const keys = firewallKeys(input.network);
  const { inbound, outbound } = firewallChains(input);
  return [
    ...Object.values(names.counters).map((counter) => `add counter bridge ${tables.bridge} ${counter}`),
    `add counter inet ${tables.inet} ${names.firewallCounter}`,
    ...chainLines("bridge", tables.bridge, names.spoofChain, spoofRules(input)),
    ...chainLines("inet", tables.inet, names.inboundChain, inbound),
    ...chainLines("inet", tables.inet, names.outboundChain, outbound),
    `add element bridge ${tables.bridge} from_vps { "${names.veth}" : jump ${names.spoofChain} }`,
    `add element inet ${tables.inet} firewall_in4 { ${keys.ipv4} : jump ${names.inboundChain} }`,
    `add element inet ${tables.inet} firewall_in6 { ${keys.ipv6} : jump ${names.inboundChain} }`,
    `add element inet ${tables.inet} firewall_out4 { ${keys.ipv4} : jump ${names.outboundChain} }`,
    `add element inet ${tables.inet} firewall_out6 { ${keys.ipv6} : jump ${names.outboundChain} }`,
  ];
}

/** Removing whether or not it exists: added (a no-op when present), then deleted, in one transaction. */
function removalOf(kind: "element" | "chain" | "counter", family: string, table: string, target: string, added = target): string[] {
  return [`add ${kind} ${family} ${table} ${added}`, `delete ${kind} ${family} ${table} ${target}`];
}

/** The nft commands that take a container's addresses out of the firewall maps (an address change, or its removal). */
export function containerAddressRemovalLines(tables: NetworkTables, input: Pick<ContainerRuleInput, "name" | "network">): string[] {
  const names = containerRuleNames(input.name);
  const keys = firewallKeys(input.network);
  const element = (map: string, key: string, chain: string) => removalOf("element", "inet", tables.inet, `${map} { ${key} }`, `${map} { ${key} : jump ${chain} }`);
  return [
    // The chains first exist, so the elements can name them.
    ...[names.inboundChain, names.outboundChain].map((chain) => `add chain inet ${tables.inet} ${chain}`),
    ...element("firewall_in4", keys.ipv4, names.inboundChain),
    ...element("firewall_in6", keys.ipv6, names.inboundChain),
    ...element("firewall_out4", keys.ipv4, names.outboundChain),
    ...element("firewall_out6", keys.ipv6, names.outboundChain),
  ];
}

/** The nft commands that remove everything of a container's, whether or not it exists. */
export function containerRemovalLines(tables: NetworkTables, input: Pick<ContainerRuleInput, "name" | "network">): string[] {
  const names = containerRuleNames(input.name);
  return [
    `add chain bridge ${tables.bridge} ${names.spoofChain}`,
    ...removalOf("element", "bridge", tables.bridge, `from_vps { "${names.veth}" }`, `from_vps { "${names.veth}" : jump ${names.spoofChain} }`),
    ...containerAddressRemovalLines(tables, input),
    // Chains go after the elements that name them.
    ...removalOf("chain", "bridge", tables.bridge, names.spoofChain),
    ...removalOf("chain", "inet", tables.inet, names.inboundChain),
    ...removalOf("chain", "inet", tables.inet, names.outboundChain),
    ...Object.values(names.counters).flatMap((counter) => removalOf("counter", "bridge", tables.bridge, counter)),
    ...removalOf("counter", "inet", tables.inet, names.firewallCounter),
  ];
}

/** A container's drop counters out of its tables' counters (zero for those not there). */
export function containerDrops(name: string, bridgeCounters: ReadonlyMap<string, number>, inetCounters: ReadonlyMap<string, number>): NetworkDrops {
  const names = containerRuleNames(name);
  return {
    spoofedMac: bridgeCounters.get(names.counters.spoofedMac) ?? 0,
    spoofedIpv4: bridgeCounters.get(names.counters.spoofedIpv4) ?? 0,
    spoofedIpv6: bridgeCounters.get(names.counters.spoofedIpv6) ?? 0,
    rogueServices: bridgeCounters.get(names.counters.rogueServices) ?? 0,
    firewall: inetCounters.get(names.firewallCounter) ?? 0,
  };
}
