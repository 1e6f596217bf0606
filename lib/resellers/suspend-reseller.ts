import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { requestServerAction } from "../action-catalogue/request-server-action";
import { recordAuditEvent } from "../audit/record-audit-event";
import { endUserSessions } from "../auth/session-version";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { findResellerFor } from "./find-reseller";

export const ZSuspendResellerInput = z.object({ reason: z.string().trim().max(500).optional() });
export type TSuspendResellerInput = z.infer<typeof ZSuspendResellerInput>;

/** Statuses of a customer's server that the reseller's suspension suspends. */
const liveStatuses = ["running", "stopped", "rescue"];

export interface SuspendResellerOptions {
  database: Database;
  queue: JobQueue;
  actor: Actor;
  resellerId: string;
  input?: unknown;
}

/**
 * Suspends a whole reseller (admin only): its sign-in, its tokens and its customers' (checked
 * against the reseller's suspendedAt wherever they sign in), its billing webhook (403
 * reseller_suspended) and its customers' servers, each suspended at the admin's level through the
 * catalogue and marked as suspended with the reseller, so lifting undoes exactly those. Suspending
 * twice changes nothing. Returns the servers it suspended and those it could not (busy, ...).
 */
export async function suspendReseller({ database, queue, actor, resellerId, input = {} }: SuspendResellerOptions) {
  const reseller = await findResellerFor(database, actor, resellerId);
  const { reason } = parseInput(ZSuspendResellerInput, input);
  const suspended = await database.$transaction(async (transaction) => {
    const changed = await transaction.user.updateMany({ where: { id: reseller.id, suspendedAt: null }, data: { suspendedAt: new Date(), ...endUserSessions } });
    if (changed.count === 1) {
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        tenantId: reseller.id,
        resellerId: reseller.id,
        action: "reseller.suspend",
        targetType: "user",
        targetId: reseller.id,
        result: "success",
        details: reason ? { reason } : undefined,
      });
    }
    return changed.count === 1;
  });
  if (!suspended) return { suspendedServers: [] as string[], refusedServers: [] as { serverId: string; code: string }[] };

  const servers = await database.server.findMany({
    where: { owner: { resellerId: reseller.id }, suspended: false, status: { in: liveStatuses } },
    select: { id: true },
  });
  const suspendedServers: string[] = [];
  const refusedServers: { serverId: string; code: string }[] = [];
  for (const server of servers) {
    try {
      await requestServerAction({
        database,
        queue,
        actor,
        serverId: server.id,
        input: { type: "suspend", reason: reason ? `Reseller suspended: ${reason}` : "Reseller suspended" },
      });
      await database.server.update({ where: { id: server.id }, data: { suspendedWithReseller: true } });
      suspendedServers.push(server.id);
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
      action: "reseller.suspend.servers",
      targetType: "user",
      targetId: reseller.id,
      result: "failure",
      details: { suspendedServers, refusedServers },
    });
  }
  return { suspendedServers, refusedServers };
}
