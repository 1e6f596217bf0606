import type { Transaction } from "../database/client";
import { Prisma } from "../generated/prisma/client";
import { readCustomerPolicy } from "./customer-policy";
import { maxColumn, quotaExceeded, releaseAssignments, reserveAssignments, roundedVcpus, shortLimit, usedColumn, vcpuTolerance } from "./quota-columns";
import { isNoUsage, type QuotaLimit, type QuotaUsage } from "./quota-usage";

/**
 * Makes the customer's quota row if it has none yet, its use counted from its live servers (all
 * but failed and terminated), in one statement so two first orders cannot both make it.
 */
export async function ensureCustomerQuota(transaction: Transaction, customerId: string): Promise<void> {
  await transaction.$executeRaw(Prisma.sql`
    INSERT INTO "CustomerQuota" ("customerId", "usedServers", "usedVcpus", "usedMemoryMb", "usedDiskMb", "usedIpv4")
    SELECT ${customerId}, COUNT(*), COALESCE(${roundedVcpus(Prisma.sql`SUM(p."vcpus")`)}, 0), COALESCE(SUM(p."memoryMb"), 0), COALESCE(SUM(p."diskMb"), 0), COUNT(*)
    FROM "Server" s JOIN "Plan" p ON p."id" = s."planId"
    WHERE s."ownerId" = ${customerId} AND s."status" NOT IN ('failed', 'terminated')
    ON CONFLICT ("customerId") DO NOTHING`);
}

/**
 * Takes usage from a customer's own limits (its override, else the admin's default), or refuses
 * with 409 quota_exceeded naming the limit that is short. Like reserveQuota: one conditional
 * UPDATE checks every limit and adds to every counter, in the transaction that makes the change,
 * so concurrent orders can never take a customer past its limits.
 */
export async function reserveCustomerQuota(transaction: Transaction, customerId: string, usage: QuotaUsage, what = "this plan"): Promise<void> {
  if (isNoUsage(usage)) return;
  await ensureCustomerQuota(transaction, customerId);
  const policy = await readCustomerPolicy(transaction);
  const reserved = await transaction.$executeRaw(Prisma.sql`
    UPDATE "CustomerQuota" SET ${reserveAssignments(usage)}
    WHERE "customerId" = ${customerId}
      AND "usedServers" + ${usage.servers} <= COALESCE("maxServers", ${policy.maxServers})
      AND "usedVcpus" + ${usage.vcpus} <= COALESCE("maxVcpus", ${policy.maxVcpus}) + ${vcpuTolerance}
      AND "usedMemoryMb" + ${usage.memoryMb} <= COALESCE("maxMemoryMb", ${policy.maxMemoryMb})
      AND "usedDiskMb" + ${usage.diskMb} <= COALESCE("maxDiskMb", ${policy.maxDiskMb})
      AND "usedIpv4" + ${usage.ipv4} <= COALESCE("maxIpv4", ${policy.maxIpv4})`);
  if (reserved === 1) return;

  // Refused: read the row (in the same transaction) only to say which limit is short.
  const quota = await transaction.customerQuota.findUniqueOrThrow({ where: { customerId } });
  const maxOf = (limit: QuotaLimit) => quota[maxColumn[limit]] ?? policy[maxColumn[limit]];
  const short = shortLimit(usage, (limit) => quota[usedColumn[limit]], maxOf);
  const remaining = Math.max(Math.round((maxOf(short) - quota[usedColumn[short]]) * 100) / 100, 0);
  throw quotaExceeded("The account's limit allows", short, remaining, usage, what, { quota: "customer" });
}

/**
 * Gives usage back to a customer's limits; counters never go below zero, and a customer without
 * a row yet has nothing to give back (its row will be counted from its servers). Callers release
 * only in the transaction that records the change freeing it, and only when that change
 * actually happened, so a retried job never releases twice.
 */
export async function releaseCustomerQuota(transaction: Transaction, customerId: string, usage: QuotaUsage): Promise<void> {
  if (isNoUsage(usage)) return;
  await transaction.$executeRaw(Prisma.sql`
    UPDATE "CustomerQuota" SET ${releaseAssignments(usage)}
    WHERE "customerId" = ${customerId}`);
}
