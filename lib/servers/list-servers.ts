import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { readPage, type TPageInput } from "../pagination/read-page";
import { displayStatus } from "./display-status";
import { shownStatus } from "./shown-status";

/**
 * The servers an operator looks after, newest first: every server for an admin, a reseller's
 * own and its customers' servers for a reseller. Customers have their dashboard instead (404).
 * Terminated servers are left out unless asked for. One page at a time; nextCursor is null on the last.
 */
export async function listServers({
  database,
  actor,
  includeTerminated = false,
  limit,
  cursor,
}: { database: Database; actor: Actor; includeTerminated?: boolean } & TPageInput) {
  if (actor.role !== "admin" && actor.role !== "reseller") throw new AppError("not_found", 404, "servers not found");
  const scope = { AND: [serverScope(actor), includeTerminated ? {} : { status: { not: "terminated" } }] };
  const { rows: servers, nextCursor } = await readPage({
    input: { limit, cursor },
    read: (query) =>
      database.server.findMany({
        where: { AND: [scope, query.where] },
        orderBy: query.orderBy,
        take: query.take,
        include: {
          owner: { select: { id: true, email: true, name: true, resellerId: true, reseller: { select: { id: true, email: true, brandName: true } } } },
          plan: { select: { slug: true, name: true } },
          host: { select: { name: true, health: true } },
          addresses: { select: { address: true }, orderBy: { address: "asc" } },
        },
      }),
  });
  const rows = servers.map((server) => ({
    id: server.id,
    hostname: server.hostname,
    containerName: server.containerName,
    status: shownStatus(displayStatus(server), server.host),
    rawStatus: server.status,
    suspended: server.suspended,
    statusMessage: server.statusMessage,
    activeJobId: server.activeJobId,
    busy: server.activeJobId !== null,
    owner: { id: server.owner.id, email: server.owner.email, name: server.owner.name, resellerId: server.owner.resellerId },
    reseller: server.owner.reseller,
    plan: server.plan,
    host: server.host?.name ?? null,
    addresses: server.addresses.map((row) => row.address),
    createdAt: server.createdAt,
  }));
  return { servers: rows, nextCursor };
}
