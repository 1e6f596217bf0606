import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/** A reseller, for an admin managing it; anything else with that id is 404. */
export async function findResellerFor(database: Pick<Database, "user">, actor: Actor, resellerId: string) {
  requireRole(actor, "admin");
  const reseller = await database.user.findFirst({ where: { id: resellerId, role: "reseller" } });
  if (!reseller) throw new AppError("not_found", 404, `reseller ${resellerId} not found`);
  return reseller;
}
