import { auditActor, type Actor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database, Transaction } from "../database/client";
import { AppError, parseInput } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { countQuotaUsage } from "../tenancy/count-quota-usage";
import { quotaLimits, } from "../tenancy/quota-usage";
import { describeQuota, ZResellerQuotaInput, type TResellerQuotaInput } from "./reseller-fields";
import { findResellerFor } from "./find-reseller";

const maxOf = { servers: "maxServers", vcpus: "maxVcpus", memoryMb: "maxMemoryMb", diskMb: "maxDiskMb", ipv4: "maxIpv4" } as const;
const usedOf = { servers: "usedServers", vcpus: "usedVcpus", memoryMb: "usedMemoryMb", diskMb: "usedDiskMb", ipv4: "usedIpv4" } as const;

/**
 * Writes a reseller's limits in the caller's transaction. The limits change only if every one
 * still covers what is in use, checked in the same UPDATE, so an order committing meanwhile
 * cannot leave the reseller over a lowered quota. A first quota starts from the reseller's
 * servers as they are.
 */
export async function writeResellerQuota(transaction: Transaction, resellerId: string, limits: TResellerQuotaInput) {
  const changed = await transaction.$executeRaw(Prisma.sql`
    UPDATE "ResellerQuota" SET
      "maxServers" = ${limits.maxServers}, "maxVcpus" = ${limits.maxVcpus}, "maxMemoryMb" = ${limits.maxMemoryMb},
      "maxDiskMb" = ${limits.maxDiskMb}, "maxIpv4" = ${limits.maxIpv4}
    WHERE "resellerId" = ${resellerId}
      AND "usedServers" <= ${limits.maxServers} AND "usedVcpus" <= ${limits.maxVcpus} + 1e-6
      AND "usedMemoryMb" <= ${limits.maxMemoryMb} AND "usedDiskMb" <= ${limits.maxDiskMb} AND "usedIpv4" <= ${limits.maxIpv4}`);
  const existing = await transaction.resellerQuota.findUnique({ where: { resellerId } });
  if (changed === 1 && existing) return existing;

  const used = existing
    ? { servers: existing.usedServers, vcpus: existing.usedVcpus, memoryMb: existing.usedMemoryMb, diskMb: existing.usedDiskMb, ipv4: existing.usedIpv4 }
    : await countQuotaUsage(transaction, resellerId);
  const below = quotaLimits.find((limit) => used[limit] > limits[maxOf[limit]] + (limit === "vcpus" ? 1e-6 : 0));
  if (below) {
    throw new AppError("quota_below_use", 409, `${maxOf[below]}: the reseller already uses ${used[below]}; the limit cannot be lower than that`, {
      field: maxOf[below],
      used: used[below],
    });
  }
  if (existing) return transaction.resellerQuota.update({ where: { resellerId }, data: limits });
  return transaction.resellerQuota.create({
    data: { resellerId, ...limits, ...Object.fromEntries(quotaLimits.map((limit) => [usedOf[limit], used[limit]])) },
  });
}

/** Sets a reseller's limits (admins only); refuses with 409 a limit below what is already in use. */
export async function setResellerQuota({ database, actor, resellerId, input }: { database: Database; actor: Actor; resellerId: string; input: unknown }) {
  const reseller = await findResellerFor(database, actor, resellerId);
  const limits = parseInput(ZResellerQuotaInput, input);
  const quota = await database.$transaction(async (transaction) => {
    const written = await writeResellerQuota(transaction, reseller.id, limits);
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(reseller),
      action: "reseller.quota.set",
      targetType: "user",
      targetId: reseller.id,
      result: "success",
      details: { ...limits },
    });
    return written;
  });
  return describeQuota(quota);
}
