import type { Transaction } from "../database/client";
import { usageOfPlan, type QuotaUsage, } from "./quota-usage";

/**
 * What a reseller's servers (its own and its customers') take now, counted from the servers
 * themselves: every server that is neither failed nor terminated. Used to start a quota that
 * did not exist yet from the truth rather than from zero.
 */
export async function countQuotaUsage(transaction: Transaction, resellerId: string): Promise<QuotaUsage> {
  const servers = await transaction.server.findMany({
    where: { status: { notIn: ["failed", "terminated"] }, OR: [{ ownerId: resellerId }, { owner: { resellerId } }] },
    select: { plan: { select: { vcpus: true, memoryMb: true, diskMb: true } } },
  });
  const usage: QuotaUsage = { servers: 0, vcpus: 0, memoryMb: 0, diskMb: 0, ipv4: 0 };
  for (const { plan } of servers) {
    const one = usageOfPlan(plan);
    usage.servers += one.servers;
    usage.vcpus += one.vcpus;
    usage.memoryMb += one.memoryMb;
    usage.diskMb += one.diskMb;
    usage.ipv4 += one.ipv4;
  }
  return usage;
}
