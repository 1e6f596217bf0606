import type { UserRole } from "../domain/statuses";
import { AppError } from "../errors";
import type { Actor } from "./actor";

/** Refuses with 403 unless the actor has one of the roles: what a role may never do is not hidden. */
export function requireRole(actor: Actor, ...roles: UserRole[]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError("forbidden", 403, `Only ${roles.join(" or ")} accounts can do this`);
  }
}
