import type { PoolMode } from "@/lib/network/ip-pools/pool-fields";

// A plain module, so the page (a server component) and the range forms (client) share the wording.

/** A pool's modes as the forms offer them. */
export const poolModeOptions: { value: PoolMode; label: string }[] = [
  { value: "nat", label: "NAT (private addresses)" },
  { value: "routed", label: "Routed (public addresses)" },
];

/** What the modes mean, under the mode fields. */
export const poolModeHint = "NAT: masqueraded to the uplink; routed: reach the host as they are. Plans of the mode use it.";

type PoolShape = { family: number; assignedPrefixLength: number };

/** Whether each server takes a whole prefix (IPv6 prefix pools) rather than one address. */
export const handsOutPrefixes = (pool: PoolShape) => pool.family === 6 && pool.assignedPrefixLength < 128;

/** What each server takes from the pool: "one address per server" or "a /64 prefix per server". */
export const perServer = (pool: PoolShape) => `${handsOutPrefixes(pool) ? `a /${pool.assignedPrefixLength} prefix` : "one address"} per server`;
