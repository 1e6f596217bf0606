import { z } from "zod";

/** What servers take from a reseller's quota. */
export interface QuotaUsage {
  servers: number;
  vcpus: number;
  memoryMb: number;
  diskMb: number;
  ipv4: number;
}

export const ZQuotaUsage = z.object({ servers: z.number(), vcpus: z.number(), memoryMb: z.number(), diskMb: z.number(), ipv4: z.number() });

export const quotaLimits = ["servers", "vcpus", "memoryMb", "diskMb", "ipv4"] as const;
export type QuotaLimit = (typeof quotaLimits)[number];

export const noUsage: QuotaUsage = { servers: 0, vcpus: 0, memoryMb: 0, diskMb: 0, ipv4: 0 };

/** One server on the plan: placement gives every server exactly one IPv4 address. */
export function usageOfPlan(plan: { vcpus: number; memoryMb: number; diskMb: number }): QuotaUsage {
  return { servers: 1, vcpus: plan.vcpus, memoryMb: plan.memoryMb, diskMb: plan.diskMb, ipv4: 1 };
}

/** What moving a server from one plan to another changes; negative parts are freed. */
export function usageChange(from: QuotaUsage, to: QuotaUsage): QuotaUsage {
  return mapUsage((limit) => to[limit] - from[limit]);
}

/** The parts that grow (what must be reserved first). */
export function growthOf(change: QuotaUsage): QuotaUsage {
  return mapUsage((limit) => Math.max(change[limit], 0));
}

/** The parts that shrink, as positive amounts (what may be released). */
export function shrinkageOf(change: QuotaUsage): QuotaUsage {
  return mapUsage((limit) => Math.max(-change[limit], 0));
}

export function isNoUsage(usage: QuotaUsage): boolean {
  return quotaLimits.every((limit) => usage[limit] === 0);
}

function mapUsage(value: (limit: QuotaLimit) => number): QuotaUsage {
  return Object.fromEntries(quotaLimits.map((limit) => [limit, value(limit)])) as unknown as QuotaUsage;
}
