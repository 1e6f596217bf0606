import { isIP } from "node:net";

// Address arithmetic for the rules the agent writes. Every address that goes into an nft script
// or an `ip` command is parsed here and printed again from its number, so nothing the caller
// sent is ever copied into a command as text.

export interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

export interface ParsedNetwork extends ParsedAddress {
  /** The network's first address (host bits cleared). */
  value: bigint;
  prefixLength: number;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

function ipv6Groups(address: string): number[] {
  const [head = "", tail] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups].map((group) => parseInt(group, 16));
}

/** An IPv4 or IPv6 address (no prefix, no zone); throws for anything else. */
export function parseAddress(text: string): ParsedAddress {
  const family = isIP(text);
  if (family === 4) return { family, value: text.split(".").reduce((total, octet) => (total << 8n) + BigInt(Number(octet)), 0n) };
  // Dotted IPv4 tails (::ffff:1.2.3.4) are valid IPv6 but never needed here.
  if (family === 6 && !text.includes(".")) return { family, value: ipv6Groups(text).reduce((total, group) => (total << 16n) + BigInt(group), 0n) };
  throw new Error(`"${text}" is not an IPv4 or IPv6 address`);
}

/** An address in CIDR form; `address/len`. The host bits are cleared. */
export function parseNetwork(cidr: string): ParsedNetwork {
  const [address = "", prefix, ...rest] = cidr.split("/");
  const parsed = parseAddress(address);
  const bits = bitsOf(parsed.family);
  const prefixLength = prefix !== undefined && /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (rest.length > 0 || !(prefixLength >= 0 && prefixLength <= bits)) throw new Error(`"${cidr}" is not an address with a prefix length`);
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  return { family: parsed.family, value: parsed.value & ~hostMask, prefixLength };
}

/** The address printed canonically (IPv6 compressed, lower case). */
export function formatAddress({ family, value }: ParsedAddress): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
  // The longest run of two or more zero groups becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export function formatNetwork(network: ParsedNetwork): string {
  return `${formatAddress(network)}/${network.prefixLength}`;
}

/** The address of a CIDR, printed canonically, without its prefix length. */
export function canonicalAddress(text: string): string {
  return formatAddress(parseAddress(text.split("/")[0] ?? ""));
}

/** Whether `address` lies inside `network`. */
export function networkContains(network: ParsedNetwork, address: ParsedAddress): boolean {
  if (network.family !== address.family) return false;
  const bits = bitsOf(network.family);
  const hostMask = (1n << BigInt(bits - network.prefixLength)) - 1n;
  return (address.value & ~hostMask) === network.value;
}

/** The leading `bits` bits of an address as an nft hex constant (for raw payload matches). */
export function addressBitsHex(address: ParsedAddress, bits: number): string {
  const total = bitsOf(address.family);
  return `0x${(address.value >> BigInt(total - bits)).toString(16).padStart(Math.ceil(bits / 4), "0")}`;
}

/** Whether an IPv6 address is link-local (fe80::/10). */
export function isLinkLocal(address: ParsedAddress): boolean {
  return address.family === 6 && address.value >> 118n === 0x3fan;
}
