import type { Actor } from "../access/actor";
import { listAuditEvents } from "../audit/list-audit-events";
import type { Database } from "../database/client";
import type { TPageInput } from "../pagination/read-page";
import { auditEventResource } from "./resources";

/** GET /api/v1/audit: one page of the audit events the actor may read, scoped as the panel's audit pages. */
export async function listAuditResources({ database, actor, page }: { database: Database; actor: Actor; page: TPageInput }) {
  const { events, nextCursor } = await listAuditEvents({ database, actor, ...page });
  return { events: events.map(auditEventResource), nextCursor };
}
