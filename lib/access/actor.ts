import type { UserRole } from "../domain/statuses";

/** Who is acting and through which door; every domain function that reads or writes takes one. */
export interface Actor {
  userId: string;
  role: UserRole;
  via: "session" | "token" | "webhook" | "cli" | "system";
  /** The API token or webhook endpoint used, for the audit trail. */
  credentialId?: string | null;
  ipAddress?: string | null;
  /** An API token limited to named servers: serverScope shows only these (absent or null: no limit). */
  serverIds?: readonly string[] | null;
}

/**
 * Berth itself acting as the provider (the worker enforcing a plan's transfer allowance): admin
 * rights over every server, no user behind it.
 */
export const systemActor: Actor = { userId: "", role: "admin", via: "system" };

export function auditActor(actor: Actor) {
  if (actor.via === "system") return { actorId: null, actorType: "system", credentialId: null, ipAddress: null } as const;
  return {
    actorId: actor.userId,
    actorType: actor.via === "token" ? "token" : actor.via === "webhook" ? "webhook" : "user",
    credentialId: actor.credentialId ?? null,
    ipAddress: actor.ipAddress ?? null,
  } as const;
}

/** Admins, and a reseller over its own customers' things, may do what the owner may not (suspend). */
export function isOperatorOf(actor: Actor, owner: { id: string; resellerId: string | null }): boolean {
  return actor.role === "admin" || (actor.role === "reseller" && owner.resellerId === actor.userId);
}
