import { BlockList, isIP } from "node:net";
import { trustedProxies } from "../settings";

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The TCP peer's address, set by the panel's own HTTP server (panel-server/main.ts) on every
 * request; it deletes any copy the client sent, so nothing but the socket decides it.
 */
export const peerAddressHeader = "x-berth-peer";

/** "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) is 192.0.2.1; anything not an IP is null. */
export function normalizeAddress(value: string | null | undefined): string | null {
  const address = value?.trim().replace(/^\[(.*)\]$/, "$1") ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return isIP(address) ? address.toLowerCase() : null;
}

/** A matcher for BERTH_TRUSTED_PROXIES entries (addresses and CIDR ranges, IPv4 and IPv6). */
export function proxyMatcher(entries: string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

let configuredMatcher: ((address: string) => boolean) | undefined;

function configuredProxies(): (address: string) => boolean {
  configuredMatcher ??= proxyMatcher(trustedProxies());
  return configuredMatcher;
}

/**
 * The caller's address, the one place that decides it (API routes, panel actions, sign-in
 * throttling, billing webhooks, the audit trail). It is the TCP peer; only when the peer is a
 * trusted proxy (BERTH_TRUSTED_PROXIES) is X-Forwarded-For believed, and then only its right-most
 * hop that is not itself a trusted proxy: every hop left of that was written by the client. A
 * request that did not come through the panel's server has no peer and no address (null).
 */
export function clientAddress(headers: HeaderSource, isTrustedProxy: (address: string) => boolean = configuredProxies()): string | null {
  const peer = normalizeAddress(headers.get(peerAddressHeader));
  if (!peer || !isTrustedProxy(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  let nearest = peer;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = normalizeAddress(hops[index]);
    // A hop that is not an address was not written by a proxy we trust: stop at the last one that was.
    if (!hop) return nearest;
    if (!isTrustedProxy(hop)) return hop;
    nearest = hop;
  }
  return nearest;
}

/** The same, for the plain header object next-auth hands to authorize(). */
export function clientAddressOfHeaderRecord(headers: Record<string, unknown> | undefined): string | null {
  return clientAddress({ get: (name) => (typeof headers?.[name] === "string" ? (headers[name] as string) : null) });
}
