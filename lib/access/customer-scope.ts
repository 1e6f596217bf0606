import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { requireRole } from "./require-role";

/** The customers an actor manages: a reseller its own, an admin all (deleted accounts are gone for both). */
export function customerScope(actor: Actor) {
  if (actor.role === "admin") return { role: "customer", deletedAt: null };
  return { role: "customer", resellerId: actor.userId, deletedAt: null };
}

/** A customer the actor manages, or 404: another reseller's customers are never confirmed. */
export async function findCustomerFor(database: Pick<Database, "user">, actor: Actor, customerId: string) {
  requireRole(actor, "admin", "reseller");
  const customer = await database.user.findFirst({ where: { AND: [{ id: customerId }, customerScope(actor)] } });
  if (!customer) throw new AppError("not_found", 404, `customer ${customerId} not found`);
  return customer;
}
