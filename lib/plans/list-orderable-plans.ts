import type { Database } from "../database/client";
import { quotaHolderOf } from "../tenancy/quota-holder";

/**
 * The active plans a user's servers may be on, cheapest first: a reseller's customers (and the
 * reseller itself) only those the reseller offers, everyone else all of them. The same rule
 * createOrder and resize enforce (assertPlanOffered). Prices are what the user pays: a
 * reseller's customers see only their reseller's own price (null until it sets one), never the
 * admin's; everyone else (a reseller too) the admin's.
 */
export async function listOrderablePlans(database: Database, userId: string) {
  const user = await database.user.findUnique({ where: { id: userId }, select: { id: true, role: true, resellerId: true } });
  const reseller = user ? quotaHolderOf(user) : null;
  const plans = await database.plan.findMany({
    where: { active: true, ...(reseller ? { offeredBy: { some: { resellerId: reseller } } } : {}) },
    include: { offeredBy: { where: { resellerId: reseller ?? "" }, select: { monthlyPriceCents: true } } },
  });
  const resellersPrices = user?.role === "customer" && reseller !== null;
  const priced = plans.map(({ offeredBy, ...plan }) => ({
    ...plan,
    monthlyPriceCents: resellersPrices ? (offeredBy[0]?.monthlyPriceCents ?? null) : plan.monthlyPriceCents,
  }));
  const order = (price: number | null) => price ?? Number.POSITIVE_INFINITY;
  return priced.sort((a, b) => order(a.monthlyPriceCents) - order(b.monthlyPriceCents) || a.name.localeCompare(b.name));
}
