import { z } from "zod";

export const poolModes = ["nat", "routed"] as const;
export type PoolMode = (typeof poolModes)[number];

/** nat: private addresses masqueraded to the host's uplink; routed: addresses routed to the host as they are. */
export const ZPoolMode = z.enum(poolModes, { message: "must be nat or routed" });

/** A host network interface name (the pool's uplink). */
export const ZInterfaceName = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,15}$/, "must be a network interface name of 1 to 15 letters, digits, _ . or -");
