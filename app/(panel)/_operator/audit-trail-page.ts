import type { Actor } from "@/lib/access/actor";
import { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { database } from "@/lib/database/client";
import { readPanelPage } from "@/lib/panel/read-panel-page";

/** The page of the audit trail the `?cursor=` asks for; a stale or mistyped cursor starts over from the newest events. */
export async function auditTrailPage(actor: Actor, cursor: string | undefined) {
  return readPanelPage(cursor, (page) => listAuditTrail({ database: database(), actor, cursor: page }));
}
