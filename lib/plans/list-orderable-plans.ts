import type { Database } from "../database/client";
import { quotaHolderOf } from "../tenancy/quota-holder";

/**
 * The active plans a user's servers may be on, cheapest first: a reseller's customers (and the
 * reseller itself) only those the reseller offers, everyone else all of them. The same rule
 * createOrder and resize enforce (assertPlanOffered).
 */
export async function listOrderablePlans(database: Database, userId: string) {
  const user = await database.user.findUnique({ where: { id: userId }, select: { id: true, role: true, resellerId: true } });
  const reseller = user ? quotaHolderOf(user) : null;
  return database.plan.findMany({
    where: { active: true, ...(reseller ? { offeredBy: { some: { resellerId: reseller } } } : {}) },
    orderBy: [{ monthlyPriceCents: "asc" }, { name: "asc" }],
  });
}
