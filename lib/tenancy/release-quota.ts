import type { Transaction } from "../database/client";
import { Prisma } from "../generated/prisma/client";
import { isNoUsage, type QuotaUsage, } from "./quota-usage";

/**
 * Gives usage back to a reseller's quota; counters never go below zero. Callers release only
 * in the transaction that records the state change freeing it (terminated, failed, resized
 * down), and only when that change actually happened, so a retried job never releases twice.
 */
export async function releaseQuota(transaction: Transaction, resellerId: string, usage: QuotaUsage): Promise<void> {
  if (isNoUsage(usage)) return;
  await transaction.$executeRaw(Prisma.sql`
    UPDATE "ResellerQuota" SET
      "usedServers" = CASE WHEN "usedServers" > ${usage.servers} THEN "usedServers" - ${usage.servers} ELSE 0 END,
      "usedVcpus" = CASE WHEN "usedVcpus" > ${usage.vcpus} THEN ROUND("usedVcpus" - ${usage.vcpus}, 4) ELSE 0 END,
      "usedMemoryMb" = CASE WHEN "usedMemoryMb" > ${usage.memoryMb} THEN "usedMemoryMb" - ${usage.memoryMb} ELSE 0 END,
      "usedDiskMb" = CASE WHEN "usedDiskMb" > ${usage.diskMb} THEN "usedDiskMb" - ${usage.diskMb} ELSE 0 END,
      "usedIpv4" = CASE WHEN "usedIpv4" > ${usage.ipv4} THEN "usedIpv4" - ${usage.ipv4} ELSE 0 END
    WHERE "resellerId" = ${resellerId}`);
}
