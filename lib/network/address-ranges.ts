import { BlockList, isIP } from "node:net";
import { z } from "zod";

// Allow-lists of source addresses (API tokens' source ranges, accounts' sign-in ranges).

/** One IPv4 or IPv6 CIDR range; a bare address means just that address (/32 or /128). */
export const ZAddressRange = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value, context) => {
    const [address = "", prefix, ...rest] = value.split("/");
    const version = isIP(address);
    const bits = version === 4 ? 32 : 128;
    const prefixLength = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    if (version === 0 || rest.length > 0 || !(prefixLength >= 0 && prefixLength <= bits)) {
      context.addIssue({ code: "custom", message: `"${value}" is not an IPv4 or IPv6 range such as 192.0.2.0/24 or 2001:db8::/32` });
      return z.NEVER;
    }
    return `${address}/${prefixLength}`;
  });

/** A list of ranges; an empty list means no limit (stored as null). */
export const ZAddressRanges = z.array(ZAddressRange).max(50, "at most 50 ranges");

/** Ranges typed as one text ("192.0.2.0/24, 2001:db8::/32" or one a line) as a list. */
export function splitRanges(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Whether an address lies in one of the (validated) ranges; an unknown address lies in none. */
export function addressInRanges(address: string | null | undefined, ranges: readonly string[]): boolean {
  const candidate = address?.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "") ?? "";
  const version = isIP(candidate);
  if (version === 0) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const [network = "", prefix] = range.split("/");
    const rangeVersion = isIP(network);
    if (rangeVersion === 0) continue;
    list.addSubnet(network, Number(prefix ?? (rangeVersion === 4 ? 32 : 128)), rangeVersion === 4 ? "ipv4" : "ipv6");
  }
  return list.check(candidate, version === 4 ? "ipv4" : "ipv6");
}

/** A stored JSON list column (null when there is no limit). */
export function storedList(value: string | null | undefined): string[] | null {
  if (!value) return null;
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : null;
}

/** A list to store: null for none. */
export function listToStore(list: readonly string[] | null | undefined): string | null {
  return list && list.length > 0 ? JSON.stringify(list) : null;
}
