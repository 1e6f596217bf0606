import type { Actor } from "./actor";

/** The orders an actor may see, like serverScope: its own, its customers' for a reseller, all for an admin. */
export function orderScope(actor: Actor) {
  if (actor.role === "admin") return {};
  if (actor.role === "reseller") return { OR: [{ customerId: actor.userId }, { customer: { resellerId: actor.userId } }] };
  return { customerId: actor.userId };
}
