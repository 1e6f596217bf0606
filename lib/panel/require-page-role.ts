import { notFound } from "next/navigation";
import type { UserRole } from "../domain/statuses";
import { requireSessionActor } from "./session-actor";

/**
 * For pages of one console (admin, reseller): the signed-in actor, or a 404 page for other
 * roles, so the console's existence is not confirmed. Domain functions check again.
 */
export async function requirePageRole(...roles: UserRole[]) {
  const session = await requireSessionActor();
  if (!roles.includes(session.actor.role)) notFound();
  return session;
}
