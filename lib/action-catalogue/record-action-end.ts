import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Transaction } from "../database/client";

/**
 * The audit event `server.<action>.done` for how an accepted action ended: recorded by the worker
 * that ran it, or by the system when a preempting action dropped it before it started.
 */
export function recordActionEnd(
  transaction: Transaction,
  server: { id: string; owner: { id: string; role: string; resellerId: string | null } },
  type: string,
  result: "success" | "failure",
  details: Record<string, unknown>,
  actorType: "worker" | "system" = "worker",
) {
  return recordAuditEvent(transaction, {
    actorType,
    ...auditTenancy(server.owner),
    action: `server.${type}.done`,
    targetType: "server",
    targetId: server.id,
    result,
    details,
  });
}
