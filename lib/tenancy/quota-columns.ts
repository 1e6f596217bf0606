import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { quotaLimits, type QuotaLimit, type QuotaUsage } from "./quota-usage";

// vCPUs are fractional (REAL); the tolerance keeps 0.1 + 0.2 from failing against a 0.3 limit.
export const vcpuTolerance = 1e-6;

/** A vCPU amount rounded to 4 places; through NUMERIC because PostgreSQL only rounds NUMERIC to places (SQLite rounds either). */
export function roundedVcpus(amount: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ROUND(CAST(${amount} AS NUMERIC), 4)`;
}

const limitUnits: Record<QuotaLimit, string> = {
  servers: "servers",
  vcpus: "vCPU",
  memoryMb: "MB of memory",
  diskMb: "MB of disk",
  ipv4: "IPv4 addresses",
};

/** The columns of a quota row (ResellerQuota, CustomerQuota) holding each limit and its use. */
export const maxColumn = { servers: "maxServers", vcpus: "maxVcpus", memoryMb: "maxMemoryMb", diskMb: "maxDiskMb", ipv4: "maxIpv4" } as const;
export const usedColumn = { servers: "usedServers", vcpus: "usedVcpus", memoryMb: "usedMemoryMb", diskMb: "usedDiskMb", ipv4: "usedIpv4" } as const;

function formatAmount(amount: number): string {
  return String(Math.round(amount * 100) / 100);
}

/** SET clause adding usage to a quota row's counters. */
export function reserveAssignments(usage: QuotaUsage): Prisma.Sql {
  return Prisma.sql`
      "usedServers" = "usedServers" + ${usage.servers},
      "usedVcpus" = ${roundedVcpus(Prisma.sql`"usedVcpus" + ${usage.vcpus}`)},
      "usedMemoryMb" = "usedMemoryMb" + ${usage.memoryMb},
      "usedDiskMb" = "usedDiskMb" + ${usage.diskMb},
      "usedIpv4" = "usedIpv4" + ${usage.ipv4}`;
}

/** SET clause taking usage from a quota row's counters, never below zero. */
export function releaseAssignments(usage: QuotaUsage): Prisma.Sql {
  return Prisma.sql`
      "usedServers" = CASE WHEN "usedServers" > ${usage.servers} THEN "usedServers" - ${usage.servers} ELSE 0 END,
      "usedVcpus" = CASE WHEN "usedVcpus" > ${usage.vcpus} THEN ${roundedVcpus(Prisma.sql`"usedVcpus" - ${usage.vcpus}`)} ELSE 0 END,
      "usedMemoryMb" = CASE WHEN "usedMemoryMb" > ${usage.memoryMb} THEN "usedMemoryMb" - ${usage.memoryMb} ELSE 0 END,
      "usedDiskMb" = CASE WHEN "usedDiskMb" > ${usage.diskMb} THEN "usedDiskMb" - ${usage.diskMb} ELSE 0 END,
      "usedIpv4" = CASE WHEN "usedIpv4" > ${usage.ipv4} THEN "usedIpv4" - ${usage.ipv4} ELSE 0 END`;
}

/** The first limit that usage would take past its maximum (servers if none, to name one). */
export function shortLimit(usage: QuotaUsage, usedOf: (limit: QuotaLimit) => number, maxOf: (limit: QuotaLimit) => number): QuotaLimit {
  return quotaLimits.find((limit) => usedOf(limit) + usage[limit] > maxOf(limit) + (limit === "vcpus" ? vcpuTolerance : 0)) ?? "servers";
}

/**
 * The 409 quota_exceeded refusal naming the short limit: "<allows> 2 more vCPU; this plan needs 4".
 * `extraDetails` follow limit, remaining and requested in the details.
 */
export function quotaExceeded(
  allows: string,
  limit: QuotaLimit,
  remaining: number,
  usage: QuotaUsage,
  what: string,
  extraDetails: Record<string, unknown> = {},
): AppError {
  return new AppError(
    "quota_exceeded",
    409,
    `${allows} ${formatAmount(remaining)} more ${limitUnits[limit]}; ${what} needs ${formatAmount(usage[limit])}`,
    { limit, remaining, requested: usage[limit], ...extraDetails },
  );
}
