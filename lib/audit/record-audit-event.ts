import type { Database } from "../database/client";

export interface AuditEventInput {
  actorId?: string | null;
  actorType: "user" | "system" | "worker" | "webhook" | "token";
  /** The API token or webhook endpoint the actor came through. */
  credentialId?: string | null;
  /** The owner of the target (a customer, or a reseller for its own things). */
  tenantId?: string | null;
  /** That owner's reseller, so the reseller sees its customers' trail. */
  resellerId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  result: "success" | "failure";
  details?: Record<string, unknown>;
  ipAddress?: string | null;
}

type AuditWriter = Pick<Database, "auditEvent">;

export async function recordAuditEvent(database: AuditWriter, event: AuditEventInput): Promise<void> {
  await database.auditEvent.create({
    data: { ...event, details: event.details ? JSON.stringify(event.details) : null },
  });
}
