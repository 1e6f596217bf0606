import { formatAddress, parseNetwork } from "../../agent/network/addresses";

// An IPv6 pool that hands out prefixes stores each as "2001:db8:100:5::/64"; the server uses the
// prefix's first address (…::1) as its own on eth0 and may use the rest of it too.

/** The address a server is given from one of its address rows (a prefix's first address). */
export function serverAddressOf(row: { address: string }): string {
  if (!row.address.includes("/")) return row.address;
  const prefix = parseNetwork(row.address);
  return formatAddress({ family: prefix.family, value: prefix.value + 1n });
}

/** The prefix delegated by the row, null for a single address. */
export function delegatedPrefixOf(row: { address: string }): string | null {
  return row.address.includes("/") ? row.address : null;
}

/** The server's IPv4 and IPv6 (its address and, from a prefix pool, its prefix), from its address rows. */
export function serverAddresses(rows: ReadonlyArray<{ address: string; pool: { family: number } }>) {
  const ipv4 = rows.find((row) => row.pool.family === 4);
  const ipv6 = rows.find((row) => row.pool.family === 6);
  return {
    ipv4: ipv4 ? serverAddressOf(ipv4) : null,
    ipv6: ipv6 ? serverAddressOf(ipv6) : null,
    ipv6Prefix: ipv6 ? delegatedPrefixOf(ipv6) : null,
  };
}
