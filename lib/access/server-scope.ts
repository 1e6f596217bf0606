import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { Actor } from "./actor";

/** The servers an actor may see: its own, its customers' for a reseller, all for an admin. */
export function serverScope(actor: Actor) {
  if (actor.role === "admin") return {};
  if (actor.role === "reseller") return { OR: [{ ownerId: actor.userId }, { owner: { resellerId: actor.userId } }] };
  return { ownerId: actor.userId };
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
