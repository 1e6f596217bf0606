import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";

/** Every plan, active first, with how many live servers use it and how many resellers offer it (admins only). */
export async function listPlans({ database, actor }: { database: Database; actor: Actor }) {
  requireAdmin(actor, "plans");
  const plans = await database.plan.findMany({
    orderBy: [{ active: "desc" }, { monthlyPriceCents: "asc" }, { slug: "asc" }],
    include: { _count: { select: { servers: { where: { status: { not: "terminated" } } }, offeredBy: true } } },
  });
  return plans.map(({ _count, ...plan }) => ({ ...plan, servers: _count.servers, resellers: _count.offeredBy }));
}
