import type { Transaction } from "../database/client";
import { Prisma } from "../generated/prisma/client";
import { releaseAssignments } from "./quota-columns";
import { isNoUsage, type QuotaUsage } from "./quota-usage";

/**
 * Gives usage back to a reseller's quota; counters never go below zero. Callers release only
 * in the transaction that records the state change freeing it (terminated, failed, resized
 * down), and only when that change actually happened, so a retried job never releases twice.
 */
export async function releaseQuota(transaction: Transaction, resellerId: string, usage: QuotaUsage): Promise<void> {
  if (isNoUsage(usage)) return;
  await transaction.$executeRaw(Prisma.sql`
    UPDATE "ResellerQuota" SET ${releaseAssignments(usage)}
    WHERE "resellerId" = ${resellerId}`);
}
