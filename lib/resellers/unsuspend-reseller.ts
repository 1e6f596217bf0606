import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import type { JobQueue } from "../jobs/queue";
import { findResellerFor } from "./find-reseller";
import { requestOnResellerServers, switchResellerSuspension, type RefusedServer } from "./reseller-suspension";

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
  const lifted = await switchResellerSuspension(database, actor, reseller.id, {
    from: { suspendedAt: { not: null } },
    to: { suspendedAt: null },
    action: "reseller.unsuspend",
  });
  if (!lifted) return { unsuspendedServers: [] as string[], refusedServers: [] as RefusedServer[] };

  const { changedServers, refusedServers } = await requestOnResellerServers({ database, queue, actor }, reseller.id, {
    where: { suspendedWithReseller: true, status: { not: "terminated" } },
    input: { type: "unsuspend" },
    action: "reseller.unsuspend.servers",
    changedKey: "unsuspendedServers",
  });
  return { unsuspendedServers: changedServers, refusedServers };
}
