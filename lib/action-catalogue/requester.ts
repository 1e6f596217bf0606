import type { Actor } from "../access/actor";
import type { ServerStatus } from "../domain/statuses";
import { AppError } from "../errors";
import type { Requester, ServerActionDefinition } from "./define-server-action";

/**
 * In which capacity an actor who can see a server asks for an action on it: a billing webhook,
 * the admin, the owner's reseller, or the owner itself (whatever its role).
 */
export function requesterOf(actor: Actor, owner: { id: string; resellerId: string | null }): Requester {
  if (actor.via === "webhook") return "billing";
  if (actor.role === "admin") return "admin";
  if (actor.role === "reseller" && owner.resellerId === actor.userId) return "reseller";
  return "customer";
}

/** Provider levels, lowest first: what a suspension records and what may lift it. */
export const providerLevels = ["reseller", "admin"] as const;
export type ProviderLevel = (typeof providerLevels)[number];

/** The level a provider acts at; a billing webhook counts as its endpoint's owner (the admin or a reseller). */
export function providerLevelOf(requester: Requester, actor: Actor): ProviderLevel | null {
  if (requester === "admin" || requester === "reseller") return requester;
  if (requester === "billing") return actor.role === "admin" ? "admin" : "reseller";
  return null;
}

/** Whether a provider at this level may lift a suspension made at `suspendedBy` (that level or above). */
export function mayLiftSuspension(level: ProviderLevel | null, suspendedBy: string | null): boolean {
  if (!suspendedBy) return level !== null;
  return level !== null && providerLevels.indexOf(level) >= providerLevels.indexOf(suspendedBy as ProviderLevel);
}

/** The statuses this requester may ask for the action from. */
export function statusesAllowed(entry: ServerActionDefinition, requester: Requester): readonly ServerStatus[] {
  return requester === "customer" ? entry.from : [...entry.from, ...(entry.providersAlsoFrom ?? [])];
}

/** The refusal for a requester the action is not for (403: the same whatever the server's state). */
export function requesterRefusal(entry: ServerActionDefinition): AppError {
  return new AppError("forbidden", 403, `${entry.labels.name} is for your provider only; ask them`, { action: entry.type });
}

/** Why the action cannot run from this status (409), with the code operators' scripts match on. */
export function statusRefusal(entry: ServerActionDefinition, status: ServerStatus): AppError {
  const details = { action: entry.type, status };
  switch (status) {
    case "terminated":
      return new AppError("server_terminated", 409, "This server has been terminated", details);
    case "pending":
    case "provisioning":
      return new AppError("server_not_ready", 409, `This server is still being provisioned; ${entry.labels.name.toLowerCase()} is possible once it is running`, details);
    case "failed":
      return new AppError("server_not_ready", 409, `This server failed to provision; only terminating it is possible`, details);
    case "suspended":
      return new AppError("server_suspended", 409, "This server is suspended; it must be unsuspended first", details);
    case "rescue":
      return new AppError("server_in_rescue", 409, "This server is running its rescue system; leave rescue first", details);
    default:
      return new AppError("invalid_state", 409, `${entry.labels.name} is not possible while the server is ${status}`, details);
  }
}
