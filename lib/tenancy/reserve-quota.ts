import type { Transaction } from "../database/client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { maxColumn, quotaExceeded, reserveAssignments, shortLimit, usedColumn, vcpuTolerance } from "./quota-columns";
import { isNoUsage, type QuotaUsage } from "./quota-usage";

/**
 * Takes usage from a reseller's quota, or refuses with 409 quota_exceeded naming the limit that
 * is short. One conditional UPDATE checks every limit and adds to every counter, so concurrent
 * orders can never take a reseller past its quota. Must run in the transaction that makes the
 * change the usage is for; `what` names that change in the refusal ("this plan", "this resize").
 */
export async function reserveQuota(transaction: Transaction, resellerId: string, usage: QuotaUsage, what = "this plan"): Promise<void> {
  if (isNoUsage(usage)) return;
  const reserved = await transaction.$executeRaw(Prisma.sql`
    UPDATE "ResellerQuota" SET ${reserveAssignments(usage)}
    WHERE "resellerId" = ${resellerId}
      AND "usedServers" + ${usage.servers} <= "maxServers"
      AND "usedVcpus" + ${usage.vcpus} <= "maxVcpus" + ${vcpuTolerance}
      AND "usedMemoryMb" + ${usage.memoryMb} <= "maxMemoryMb"
      AND "usedDiskMb" + ${usage.diskMb} <= "maxDiskMb"
      AND "usedIpv4" + ${usage.ipv4} <= "maxIpv4"`);
  if (reserved === 1) return;

  // Refused: read the quota (in the same transaction) only to say which limit is short.
  const quota = await transaction.resellerQuota.findUnique({ where: { resellerId } });
  if (!quota) throw new AppError("quota_exceeded", 409, "Your reseller has no quota set, so it cannot take on servers yet", { limit: null });
  const limit = shortLimit(usage, (limit) => quota[usedColumn[limit]], (limit) => quota[maxColumn[limit]]);
  const remaining = Math.max(quota[maxColumn[limit]] - quota[usedColumn[limit]], 0);
  throw quotaExceeded("Your reseller quota allows", limit, remaining, usage, what);
}
