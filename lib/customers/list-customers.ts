import type { Actor } from "../access/actor";
import { customerScope } from "../access/customer-scope";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { customerFields } from "./customer-fields";

/**
 * The customers the actor manages, newest first, each with how many servers it has that are not
 * terminated: a reseller sees its own, an admin all (or one reseller's, with resellerId).
 */
export async function listCustomers({ database, actor, resellerId }: { database: Database; actor: Actor; resellerId?: string }) {
  requireRole(actor, "admin", "reseller");
  const customers = await database.user.findMany({
    where: { ...customerScope(actor), ...(actor.role === "admin" && resellerId ? { resellerId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { ...customerFields, _count: { select: { servers: { where: { status: { not: "terminated" } } } } } },
  });
  return customers.map(({ _count, ...customer }) => ({ ...customer, servers: _count.servers }));
}
