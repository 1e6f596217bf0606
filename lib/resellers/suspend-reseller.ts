import { z } from "zod";
import type { Actor } from "../access/actor";
import { endUserSessions } from "../auth/session-version";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { findResellerFor } from "./find-reseller";
import { requestOnResellerServers, switchResellerSuspension, type RefusedServer } from "./reseller-suspension";

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
  const suspended = await switchResellerSuspension(database, actor, reseller.id, {
    from: { suspendedAt: null },
    to: { suspendedAt: new Date(), ...endUserSessions },
    action: "reseller.suspend",
    details: reason ? { reason } : undefined,
  });
  if (!suspended) return { suspendedServers: [] as string[], refusedServers: [] as RefusedServer[] };

  const { changedServers, refusedServers } = await requestOnResellerServers({ database, queue, actor }, reseller.id, {
    where: { suspended: false, status: { in: liveStatuses } },
    input: { type: "suspend", reason: reason ? `Reseller suspended: ${reason}` : "Reseller suspended" },
    afterEach: (serverId) => database.server.update({ where: { id: serverId }, data: { suspendedWithReseller: true } }),
    action: "reseller.suspend.servers",
    changedKey: "suspendedServers",
  });
  return { suspendedServers: changedServers, refusedServers };
}
