import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { describeQuota } from "./reseller-fields";

/** The acting reseller's own dashboard: quota and use, plans it offers, customers, live servers, branding. */
export async function resellerOverview({ database, actor }: { database: Database; actor: Actor }) {
  requireRole(actor, "reseller");
  const reseller = await database.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      brandName: true,
      brandLogoDataUrl: true,
      resellerQuota: true,
      offeredPlans: { select: { monthlyPriceCents: true, plan: { select: { slug: true, name: true, vcpus: true, memoryMb: true, diskMb: true, monthlyPriceCents: true, active: true } } } },
      _count: { select: { customers: true } },
    },
  });
  const liveServers = await database.server.count({
    where: { status: { notIn: ["failed", "terminated"] }, OR: [{ ownerId: actor.userId }, { owner: { resellerId: actor.userId } }] },
  });
  return {
    quota: describeQuota(reseller.resellerQuota),
    // monthlyPriceCents is what the reseller pays the admin; resellerPriceCents what its customers pay (null: not priced yet).
    plans: reseller.offeredPlans.map(({ plan, monthlyPriceCents }) => ({ ...plan, resellerPriceCents: monthlyPriceCents })).filter((plan) => plan.active).sort((a, b) => a.monthlyPriceCents - b.monthlyPriceCents),
    customers: reseller._count.customers,
    servers: liveServers,
    branding: { name: reseller.brandName, logoDataUrl: reseller.brandLogoDataUrl },
  };
}
