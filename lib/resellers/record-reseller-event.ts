import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent, type AuditEventInput } from "../audit/record-audit-event";

/** Records what an actor did to a reseller or its things, in that reseller's own trail. */
export async function recordResellerEvent(
  database: Parameters<typeof recordAuditEvent>[0],
  actor: Actor,
  resellerId: string,
  event: Pick<AuditEventInput, "action" | "targetType" | "targetId" | "result" | "details">,
): Promise<void> {
  await recordAuditEvent(database, { ...auditActor(actor), tenantId: resellerId, resellerId, ...event });
}
