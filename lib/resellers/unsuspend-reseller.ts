import { auditActor, type Actor } from "../access/actor";
import { requestServerAction } from "../action-catalogue/request-server-action";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { findResellerFor } from "./find-reseller";

export interface UnsuspendResellerOptions {
  database: Database;
  queue: JobQueue;
  actor: Actor;
  resellerId: string;
}

/**
 * Lifts a reseller's suspension (admin only): it and its customers may sign in and use their
 * tokens again, its webhook answers again, and the servers that its suspension suspended (only
 * those: not one the admin or the reseller suspended for its own reasons) are unsuspended
 * through the catalogue. Lifting twice changes nothing.
 */
export async function unsuspendReseller({ database, queue, actor, resellerId }: UnsuspendResellerOptions) {
  const reseller = await findResellerFor(database, actor, resellerId);
  const lifted = await database.$transaction(async (transaction) => {
    const changed = await transaction.user.updateMany({ where: { id: reseller.id, suspendedAt: { not: null } }, data: { suspendedAt: null } });
    if (changed.count === 1) {
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        tenantId: reseller.id,
        resellerId: reseller.id,
        action: "reseller.unsuspend",
        targetType: "user",
        targetId: reseller.id,
        result: "success",
      });
    }
    return changed.count === 1;
  });
  if (!lifted) return { unsuspendedServers: [] as string[], refusedServers: [] as { serverId: string; code: string }[] };

  const servers = await database.server.findMany({
    where: { owner: { resellerId: reseller.id }, suspendedWithReseller: true, status: { not: "terminated" } },
    select: { id: true },
  });
  const unsuspendedServers: string[] = [];
  const refusedServers: { serverId: string; code: string }[] = [];
  for (const server of servers) {
    try {
      await requestServerAction({ database, queue, actor, serverId: server.id, input: { type: "unsuspend" } });
      unsuspendedServers.push(server.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusedServers.push({ serverId: server.id, code: error.code });
    }
  }
  if (refusedServers.length > 0) {
    await recordAuditEvent(database, {
      ...auditActor(actor),
      tenantId: reseller.id,
      resellerId: reseller.id,
      action: "reseller.unsuspend.servers",
      targetType: "user",
      targetId: reseller.id,
      result: "failure",
      details: { unsuspendedServers, refusedServers },
    });
  }
  return { unsuspendedServers, refusedServers };
}
