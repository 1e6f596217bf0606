import { z } from "zod";

const ZWholeAmount = z.number().int("must be a whole number").min(0, "must not be negative");

/** A reseller's limits; what it has in use is counted by Berth, never set. */
export const ZResellerQuotaInput = z.object({
  maxServers: ZWholeAmount,
  maxVcpus: z.number().min(0, "must not be negative").max(100_000),
  maxMemoryMb: ZWholeAmount,
  maxDiskMb: ZWholeAmount,
  maxIpv4: ZWholeAmount,
});
export type TResellerQuotaInput = z.input<typeof ZResellerQuotaInput>;

export const ZPlanSlugs = z.array(z.string().trim().min(1)).max(500);

/** A quota as the panel shows it: limit, use and what is left of each. */
export function describeQuota(
  quota: {
    maxServers: number; maxVcpus: number; maxMemoryMb: number; maxDiskMb: number; maxIpv4: number;
    usedServers: number; usedVcpus: number; usedMemoryMb: number; usedDiskMb: number; usedIpv4: number;
  } | null,
) {
  if (!quota) return null;
  const limit = (max: number, used: number) => ({ max, used, remaining: Math.max(Math.round((max - used) * 10_000) / 10_000, 0) });
  return {
    servers: limit(quota.maxServers, quota.usedServers),
    vcpus: limit(quota.maxVcpus, quota.usedVcpus),
    memoryMb: limit(quota.maxMemoryMb, quota.usedMemoryMb),
    diskMb: limit(quota.maxDiskMb, quota.usedDiskMb),
    ipv4: limit(quota.maxIpv4, quota.usedIpv4),
  };
}
