import type { Actor } from "../access/actor";
import { requestServerAction } from "../action-catalogue/request-server-action";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { JobQueue } from "../jobs/queue";
import { recordResellerEvent } from "./record-reseller-event";

export interface RefusedServer {
  serverId: string;
  code: string;
}

/**
 * Moves the reseller's own account from one suspension state to the other, recording `action`
 * only if it changed, in one transaction; false when it was already there (asking twice changes
 * nothing).
 */
export async function switchResellerSuspension(
  database: Database,
  actor: Actor,
  resellerId: string,
  { from, to, action, details }: { from: Prisma.UserWhereInput; to: Prisma.UserUpdateManyMutationInput; action: string; details?: Record<string, unknown> },
): Promise<boolean> {
  return database.$transaction(async (transaction) => {
    const changed = await transaction.user.updateMany({ where: { id: resellerId, ...from }, data: to });
    if (changed.count === 1) {
      await recordResellerEvent(transaction, actor, resellerId, { action, targetType: "user", targetId: resellerId, result: "success", details });
    }
    return changed.count === 1;
  });
}

/**
 * Asks the catalogue for `input` on each of the reseller's customers' servers matching `where`
 * (then runs `afterEach` on those it accepted), collecting the ones it refused (busy, ...) instead
 * of stopping; if any were refused, records `action` as a failure naming both lists (`changedKey`
 * names the accepted one).
 */
export async function requestOnResellerServers(
  { database, queue, actor }: { database: Database; queue: JobQueue; actor: Actor },
  resellerId: string,
  { where, input, afterEach, action, changedKey }: {
    where: Prisma.ServerWhereInput;
    input: unknown;
    afterEach?: (serverId: string) => Promise<unknown>;
    action: string;
    changedKey: string;
  },
): Promise<{ changedServers: string[]; refusedServers: RefusedServer[] }> {
  const servers = await database.server.findMany({ where: { owner: { resellerId }, ...where }, select: { id: true } });
  const changedServers: string[] = [];
  const refusedServers: RefusedServer[] = [];
  for (const { id: serverId } of servers) {
    try {
      await requestServerAction({ database, queue, actor, serverId, input });
      await afterEach?.(serverId);
      changedServers.push(serverId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusedServers.push({ serverId, code: error.code });
    }
  }
  if (refusedServers.length > 0) {
    await recordResellerEvent(database, actor, resellerId, {
      action,
      targetType: "user",
      targetId: resellerId,
      result: "failure",
      details: { [changedKey]: changedServers, refusedServers },
    });
  }
  return { changedServers, refusedServers };
}
