import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { Actor } from "./actor";

function roleScope(actor: Actor) {
  if (actor.role === "admin") return {};
  if (actor.role === "reseller") return { OR: [{ ownerId: actor.userId }, { owner: { resellerId: actor.userId } }] };
  return { ownerId: actor.userId };
}

/**
 * The servers an actor may see: its own, its customers' for a reseller, all for an admin; and of
 * those only the named ones for an API token limited to some servers.
 */
export function serverScope(actor: Actor) {
  if (!actor.serverIds) return roleScope(actor);
  return { AND: [roleScope(actor), { id: { in: [...actor.serverIds] } }] };
}

/** A token limited to named servers may not order new ones: they would lie outside what it sees. */
export function refuseServerLimitedOrder(actor: Actor) {
  if (actor.serverIds) throw new AppError("token_server_limited", 403, "This API token is limited to named servers and may not order new ones");
}

/** A server the actor may see, or 404: ids of others' servers are never confirmed. */
export async function findServerFor(database: Database, actor: Actor, serverId: string) {
  const server = await database.server.findFirst({
    where: { AND: [{ id: serverId }, serverScope(actor)] },
    include: { owner: true, plan: true, template: true, host: true, addresses: { include: { pool: true } } },
  });
  if (!server) throw new AppError("not_found", 404, `server ${serverId} not found`);
  return server;
}
