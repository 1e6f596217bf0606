import type { Database } from "../database/client";

export interface AuditEventInput {
  actorId?: string | null;
  actorType: "user" | "system" | "worker" | "webhook" | "token";
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
