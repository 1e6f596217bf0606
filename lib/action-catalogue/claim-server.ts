import type { Transaction } from "../database/client";
import { AppError } from "../errors";
import { serverActionOf, ZServerActionPayload } from "./catalogue";
import { recordActionEnd } from "./record-action-end";

export interface ClaimServerOptions {
  /** The action's type when it preempts (a provider's suspend or terminate): it does not wait for a free server. */
  preemptingAction?: string;
}

/** Which slot the job got, and the accepted-but-not-started job it dropped, if any. */
export interface ServerClaim {
  slot: "active" | "next";
  supersededJobId?: string;
}

function serverBusy(server: { activeJobId: string | null; nextJobId: string | null } | null): AppError {
  return new AppError("server_busy", 409, "Another action is still running on this server; try again when it has finished", {
    activeJobId: server?.activeJobId ?? null,
    nextJobId: server?.nextJobId ?? null,
  });
}

/** Whether a queued job's action preempts for someone, so another preemptor must wait behind it rather than drop it. */
function isPreemptingJob(payload: string): boolean {
  const parsed = ZServerActionPayload.safeParse(JSON.parse(payload));
  return parsed.success && (serverActionOf(parsed.data.action.type).preempts?.length ?? 0) > 0;
}

/**
 * Drops the server's active job if it has not started (Job still "queued"): it fails as
 * "superseded by <action>", its entry gives back what it reserved, and the preempting job takes
 * its claim. Every write is conditional, so a worker starting it at the same moment wins instead.
 */
async function supersedeQueuedJob(transaction: Transaction, serverId: string, activeJobId: string, jobId: string, action: string): Promise<boolean> {
  const active = await transaction.job.findUnique({ where: { id: activeJobId } });
  if (!active || active.state !== "queued" || isPreemptingJob(active.payload)) return false;
  const reason = `superseded by ${action}`;
  const dropped = await transaction.job.updateMany({ where: { id: active.id, state: "queued" }, data: { state: "failed", error: reason, publicError: reason, finishedAt: new Date() } });
  if (dropped.count !== 1) return false;
  const moved = await transaction.server.updateMany({ where: { id: serverId, activeJobId, nextJobId: null }, data: { activeJobId: jobId } });
  if (moved.count !== 1) throw new AppError("server_busy", 409, "Another action is still running on this server; try again when it has finished");
  const { action: droppedAction } = ZServerActionPayload.parse(JSON.parse(active.payload));
  const { type, ...payload } = droppedAction;
  const server = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include: { owner: true, plan: true, template: true, host: true } });
  await serverActionOf(type).release?.(transaction, { server, payload });
  await recordActionEnd(transaction, server, type, "failure", { jobId: active.id, reason, supersededBy: jobId }, "system");
  return true;
}

/**
 * Makes the job the server's one active action, atomically; another unfinished action means 409
 * server_busy. A preempting action meeting a busy server drops an active job that has not
 * started, or else takes the server's next slot (one may wait; the worker runs it once the
 * active job hands over its claim); a second preemptor, or anyone meeting a waiting one, gets 409.
 */
export async function claimServerForJob(transaction: Transaction, serverId: string, jobId: string, options: ClaimServerOptions = {}): Promise<ServerClaim> {
  // A few rounds: the active job may end between the reads and the conditional writes.
  for (let round = 0; round < 3; round += 1) {
    const claimed = await transaction.server.updateMany({ where: { id: serverId, activeJobId: null, nextJobId: null }, data: { activeJobId: jobId } });
    if (claimed.count === 1) return { slot: "active" };
    const server = await transaction.server.findUnique({ where: { id: serverId }, select: { activeJobId: true, nextJobId: true } });
    if (!options.preemptingAction || !server || server.nextJobId) throw serverBusy(server);
    if (!server.activeJobId) continue;
    if (await supersedeQueuedJob(transaction, serverId, server.activeJobId, jobId, options.preemptingAction)) {
      return { slot: "active", supersededJobId: server.activeJobId };
    }
    const waiting = await transaction.server.updateMany({ where: { id: serverId, activeJobId: server.activeJobId, nextJobId: null }, data: { nextJobId: jobId } });
    if (waiting.count === 1) return { slot: "next" };
  }
  throw serverBusy(await transaction.server.findUnique({ where: { id: serverId }, select: { activeJobId: true, nextJobId: true } }));
}

/**
 * Ends the job's claim on the server and hands it to the preempting job waiting in the next
 * slot, if any (which the worker then runs). False when the job no longer held the claim.
 */
export async function handOnServerClaim(transaction: Transaction, serverId: string, jobId: string): Promise<boolean> {
  // A few rounds: a preemptor may take the next slot between the read and the conditional write.
  for (let round = 0; round < 5; round += 1) {
    const server = await transaction.server.findUnique({ where: { id: serverId }, select: { activeJobId: true, nextJobId: true } });
    if (server?.activeJobId !== jobId) return false;
    const handed = await transaction.server.updateMany({
      where: { id: serverId, activeJobId: jobId, nextJobId: server.nextJobId },
      data: { activeJobId: server.nextJobId, nextJobId: null },
    });
    if (handed.count === 1) return true;
  }
  throw new Error(`could not hand on the claim of server ${serverId}: it kept changing`);
}
