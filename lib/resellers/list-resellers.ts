import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { describeQuota } from "./reseller-fields";

/** Every reseller with its quota and use, offered plans and number of customers (admins only). */
export async function listResellers({ database, actor }: { database: Database; actor: Actor }) {
  requireRole(actor, "admin");
  const resellers = await database.user.findMany({
    where: { role: "reseller" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      email: true,
      name: true,
      suspendedAt: true,
      brandName: true,
      createdAt: true,
      resellerQuota: true,
      offeredPlans: { select: { plan: { select: { slug: true } } } },
      _count: { select: { customers: true } },
    },
  });
  return resellers.map(({ resellerQuota, offeredPlans, _count, ...reseller }) => ({
    ...reseller,
    quota: describeQuota(resellerQuota),
    plans: offeredPlans.map(({ plan }) => plan.slug).sort(),
    customers: _count.customers,
  }));
}
