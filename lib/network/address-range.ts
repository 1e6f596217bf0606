// Address arithmetic for pools: IPv4 /24-style ranges and IPv6 /64 prefixes, no dependencies.

export interface InterfaceAddress {
  address: string;
  prefixLength: number;
}

export function parseInterfaceAddress(cidr: string): InterfaceAddress {
  const [address, prefix] = cidr.split("/");
  const prefixLength = Number(prefix);
  if (!address || !Number.isInteger(prefixLength)) throw new Error(`"${cidr}" is not an address/prefix`);
  return { address, prefixLength };
}

function ipv4ToNumber(address: string): number {
  const parts = address.split(".").map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    throw new Error(`"${address}" is not an IPv4 address`);
  }
  return parts.reduce((total, part) => total * 256 + part, 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Host addresses [first, last] (offsets inside the network) of an IPv4 network given any address in it. */
export function ipv4Range(cidr: string, firstOffset: number, lastOffset: number): { network: string; addresses: string[] } {
  const { address, prefixLength } = parseInterfaceAddress(cidr);
  const size = 2 ** (32 - prefixLength);
  const network = Math.floor(ipv4ToNumber(address) / size) * size;
  const last = Math.min(lastOffset, size - 2);
  const addresses: string[] = [];
  for (let offset = firstOffset; offset <= last; offset++) addresses.push(numberToIpv4(network + offset));
  return { network: `${numberToIpv4(network)}/${prefixLength}`, addresses };
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = address.includes("::") ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) {
    throw new Error(`"${address}" is not an IPv6 address`);
  }
  return groups.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""));
}

/** Addresses prefix::first..prefix::last (hex interface ids) inside a /64 given any address in it. */
export function ipv6Range(cidr: string, firstInterfaceId: number, lastInterfaceId: number): { network: string; addresses: string[] } {
  const { address, prefixLength } = parseInterfaceAddress(cidr);
  if (prefixLength !== 64) throw new Error(`IPv6 pools must be /64 prefixes, got /${prefixLength}`);
  const prefix = expandIpv6(address).slice(0, 4).join(":");
  const addresses: string[] = [];
  for (let id = firstInterfaceId; id <= lastInterfaceId; id++) addresses.push(`${prefix}::${id.toString(16)}`);
  return { network: `${prefix}::/64`, addresses };
}
