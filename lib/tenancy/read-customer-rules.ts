import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { readCustomerPolicy } from "./customer-policy";

/** The admin's customer defaults and switches, and each reseller's switches (admins only). */
export async function readCustomerRules({ database, actor }: { database: Database; actor: Actor }) {
  requireRole(actor, "admin");
  const policy = await readCustomerPolicy(database);
  const resellers = await database.user.findMany({
    where: { role: "reseller", deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, email: true, name: true, resellerQuota: { select: { selfServiceOrders: true, selfServicePlanChanges: true } } },
  });
  return {
    policy,
    resellers: resellers.map(({ resellerQuota, ...reseller }) => ({
      ...reseller,
      hasQuota: Boolean(resellerQuota),
      selfServiceOrders: resellerQuota?.selfServiceOrders ?? true,
      selfServicePlanChanges: resellerQuota?.selfServicePlanChanges ?? true,
    })),
  };
}
