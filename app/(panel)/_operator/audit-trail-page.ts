import type { Actor } from "@/lib/access/actor";
import { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";

/** The page of the audit trail the `?cursor=` asks for; a stale or mistyped cursor starts over from the newest events. */
export async function auditTrailPage(actor: Actor, cursor: string | undefined) {
  try {
    return await listAuditTrail({ database: database(), actor, cursor: cursor || undefined });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return listAuditTrail({ database: database(), actor });
  }
}
