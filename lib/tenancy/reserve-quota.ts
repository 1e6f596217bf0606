import type { Transaction } from "../database/client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { isNoUsage, quotaLimits, type QuotaLimit, type QuotaUsage, } from "./quota-usage";

// vCPUs are fractional (REAL); the tolerance keeps 0.1 + 0.2 from failing against a 0.3 quota.
const vcpuTolerance = 1e-6;

const limitUnits: Record<QuotaLimit, string> = {
  servers: "servers",
  vcpus: "vCPU",
  memoryMb: "MB of memory",
  diskMb: "MB of disk",
  ipv4: "IPv4 addresses",
};

const maxColumn = { servers: "maxServers", vcpus: "maxVcpus", memoryMb: "maxMemoryMb", diskMb: "maxDiskMb", ipv4: "maxIpv4" } as const;
const usedColumn = { servers: "usedServers", vcpus: "usedVcpus", memoryMb: "usedMemoryMb", diskMb: "usedDiskMb", ipv4: "usedIpv4" } as const;

function formatAmount(amount: number): string {
  return String(Math.round(amount * 100) / 100);
}

/**
 * Takes usage from a reseller's quota, or refuses with 409 quota_exceeded naming the limit that
 * is short. One conditional UPDATE checks every limit and adds to every counter, so concurrent
 * orders can never take a reseller past its quota. Must run in the transaction that makes the
 * change the usage is for; `what` names that change in the refusal ("this plan", "this resize").
 */
export async function reserveQuota(transaction: Transaction, resellerId: string, usage: QuotaUsage, what = "this plan"): Promise<void> {
  if (isNoUsage(usage)) return;
  const reserved = await transaction.$executeRaw(Prisma.sql`
    UPDATE "ResellerQuota" SET
      "usedServers" = "usedServers" + ${usage.servers},
      "usedVcpus" = ROUND("usedVcpus" + ${usage.vcpus}, 4),
      "usedMemoryMb" = "usedMemoryMb" + ${usage.memoryMb},
      "usedDiskMb" = "usedDiskMb" + ${usage.diskMb},
      "usedIpv4" = "usedIpv4" + ${usage.ipv4}
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
  const short = quotaLimits.find((limit) => quota[usedColumn[limit]] + usage[limit] > quota[maxColumn[limit]] + (limit === "vcpus" ? vcpuTolerance : 0));
  const limit = short ?? "servers";
  const remaining = Math.max(quota[maxColumn[limit]] - quota[usedColumn[limit]], 0);
  throw new AppError(
    "quota_exceeded",
    409,
    `Your reseller quota allows ${formatAmount(remaining)} more ${limitUnits[limit]}; ${what} needs ${formatAmount(usage[limit])}`,
    { limit, remaining, requested: usage[limit] },
  );
}
