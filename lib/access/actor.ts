import type { UserRole } from "../domain/statuses";

/** Who is acting and through which door; every domain function that reads or writes takes one. */
export interface Actor {
  userId: string;
  role: UserRole;
  via: "session" | "token" | "webhook" | "cli";
  /** The API token or webhook endpoint used, for the audit trail. */
  credentialId?: string | null;
  ipAddress?: string | null;
  /** An API token limited to named servers: serverScope shows only these (absent or null: no limit). */
  serverIds?: readonly string[] | null;
}

export function auditActor(actor: Actor) {
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
