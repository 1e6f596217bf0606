import { randomUUID } from "node:crypto";
import type { Database, Transaction } from "../database/client";
import { handOnServerClaim } from "../action-catalogue/claim-server";
import type { ComparedServer } from "./compare-host";

const claimPrefix = "reconciler:";
// A repair is one agent call; a claim this old was left by a worker that died during one.
export const staleRepairClaimMs = 10 * 60_000;

/**
 * Takes the server's action slot for one repair, as a job would, so no lifecycle action starts
 * on it meanwhile (they answer server_busy, and a provider's suspend waits in the next slot).
 * Only if the row still says what the repair was decided on: null when anything changed or an
 * action holds it. The claim id carries its time, so a claim a dead worker left can be found.
 */
export async function claimServerForRepair(database: Database, server: ComparedServer, now = new Date()): Promise<string | null> {
  const claimId = `${claimPrefix}${now.getTime()}:${randomUUID()}`;
  const claimed = await database.server.updateMany({
    where: { id: server.id, activeJobId: null, nextJobId: null, status: server.status, desiredState: server.desiredState, suspended: server.suspended },
    data: { activeJobId: claimId },
  });
  return claimed.count === 1 ? claimId : null;
}

/** Ends the repair's claim, handing the server to a preempting action that waited meanwhile. */
export function releaseRepairClaim(transaction: Transaction, serverId: string, claimId: string): Promise<boolean> {
  return handOnServerClaim(transaction, serverId, claimId);
}

/** Ends the claims of repairs whose worker died half-way (older than staleRepairClaimMs). */
export async function releaseStaleRepairClaims(database: Database, now = new Date()): Promise<number> {
  const claimed = await database.server.findMany({ where: { activeJobId: { startsWith: claimPrefix } }, select: { id: true, activeJobId: true } });
  let released = 0;
  for (const { id, activeJobId } of claimed) {
    const takenAt = Number(activeJobId?.slice(claimPrefix.length).split(":")[0]);
    if (!activeJobId || !(now.getTime() - takenAt > staleRepairClaimMs)) continue;
    if (await database.$transaction((transaction) => releaseRepairClaim(transaction, id, activeJobId))) released += 1;
  }
  return released;
}
