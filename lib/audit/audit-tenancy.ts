import type { Database } from "../database/client";

/** The audit columns that say whose thing an event was about: its owner, and the owner's reseller. */
export function auditTenancy(owner: { id: string; resellerId: string | null }) {
  return { tenantId: owner.id, resellerId: owner.resellerId };
}

/** auditTenancy for an owner known only by id (an actor acting on its own things). */
export async function auditTenancyOf(database: Pick<Database, "user">, userId: string) {
  const owner = await database.user.findUnique({ where: { id: userId }, select: { id: true, resellerId: true } });
  return owner ? auditTenancy(owner) : { tenantId: userId, resellerId: null };
}
