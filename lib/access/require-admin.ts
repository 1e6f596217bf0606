import { AppError } from "../errors";
import type { Actor } from "./actor";

/**
 * Admin-only functions answer everyone else as if the thing did not exist (404), so the admin
 * console confirms nothing about hosts, jobs or other tenants to resellers and customers.
 */
export function requireAdmin(actor: Actor, what = "resource"): void {
  if (actor.role !== "admin") throw new AppError("not_found", 404, `${what} not found`);
}
