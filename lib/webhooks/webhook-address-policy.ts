import { lookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { addressInRanges } from "../network/address-ranges";

/**
 * Where an endpoint may send: admins' anywhere (operators run billing on private networks);
 * resellers' only to public addresses, or into the networks the operator allows
 * (BERTH_WEBHOOK_ALLOWED_NETWORKS), so a reseller cannot make Berth call the host's own services.
 */
export interface WebhookAddressPolicy {
  anyAddress: boolean;
  allowedNetworks: readonly string[];
}

// First match names the kind. BlockList also matches IPv4-mapped IPv6 (::ffff:10.0.0.5) against the IPv4 rules.
const nonPublicNetworks = [
  { kind: "unspecified", network: "0.0.0.0/8" },
  { kind: "private", network: "10.0.0.0/8" },
  { kind: "private", network: "100.64.0.0/10" },
  { kind: "loopback", network: "127.0.0.0/8" },
  { kind: "link-local", network: "169.254.0.0/16" },
  { kind: "private", network: "172.16.0.0/12" },
  { kind: "private", network: "192.168.0.0/16" },
  { kind: "multicast", network: "224.0.0.0/4" },
  { kind: "reserved", network: "240.0.0.0/4" },
  { kind: "unspecified", network: "::/128" },
  { kind: "loopback", network: "::1/128" },
  // The deprecated IPv4-compatible form (::10.0.0.5), which BlockList does not map.
  { kind: "reserved", network: "::/96" },
  { kind: "private", network: "fc00::/7" },
  { kind: "link-local", network: "fe80::/10" },
  { kind: "multicast", network: "ff00::/8" },
].map(({ kind, network }) => {
  const [address = "", prefix = ""] = network.split("/");
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const list = new BlockList();
  list.addSubnet(address, Number(prefix), family);
  return { kind, network, list };
});

/** Why the policy refuses an address (a sentence for the delivery's error), or null when it may be reached. */
export function refusalOf(address: string, policy: WebhookAddressPolicy): string | null {
  if (policy.anyAddress || addressInRanges(address, policy.allowedNetworks)) return null;
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const match = nonPublicNetworks.find((entry) => entry.list.check(address, family));
  if (!match) return null;
  return `refused: ${address} is a ${match.kind} address (${match.network}); resellers' endpoints may reach only public addresses`;
}

/**
 * Every address the endpoint's host has right now, each checked against the policy; the request
 * then connects only to these, so a second DNS answer (rebinding) cannot swap in another.
 */
export async function resolveWebhookHost(hostname: string, policy: WebhookAddressPolicy): Promise<LookupAddress[]> {
  // URL keeps IPv6 literals in brackets; a literal resolves to itself.
  const addresses = await lookup(hostname.replace(/^\[(.*)\]$/, "$1"), { all: true, verbatim: true });
  for (const { address } of addresses) {
    const refusal = refusalOf(address, policy);
    if (refusal) throw new Error(refusal);
  }
  return addresses;
}
