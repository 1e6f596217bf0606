import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { displayStatus } from "./display-status";

/**
 * The servers an operator looks after, newest first: every server for an admin, a reseller's
 * own and its customers' servers for a reseller. Customers have their dashboard instead (404).
 * Terminated servers are left out unless asked for.
 */
export async function listServers({ database, actor, includeTerminated = false }: { database: Database; actor: Actor; includeTerminated?: boolean }) {
  if (actor.role !== "admin" && actor.role !== "reseller") throw new AppError("not_found", 404, "servers not found");
  const servers = await database.server.findMany({
    where: { AND: [serverScope(actor), includeTerminated ? {} : { status: { not: "terminated" } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
    include: {
      owner: { select: { id: true, email: true, name: true, resellerId: true, reseller: { select: { id: true, email: true, brandName: true } } } },
      plan: { select: { slug: true, name: true } },
      host: { select: { name: true } },
      addresses: { select: { address: true }, orderBy: { address: "asc" } },
    },
  });
  return servers.map((server) => ({
    id: server.id,
    hostname: server.hostname,
    containerName: server.containerName,
    status: displayStatus(server),
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
}
