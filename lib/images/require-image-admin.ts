import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import { AppError } from "../errors";

/**
 * Images are for admins only, a refusal by role (403; images are no tenant's secret to hide). An
 * admin's API token limited to named servers reaches nothing beyond them (403 too).
 */
export function requireImageAdmin(actor: Actor): void {
  requireRole(actor, "admin");
  if (actor.serverIds) throw new AppError("token_server_limited", 403, "This API token is limited to named servers and may not reach images");
}
