import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/** One host's name, agent and CPU capacity, for its admin page (admins only; 404 otherwise). */
export async function findHost({ database, actor, hostId }: { database: Database; actor: Actor; hostId: string }) {
  requireAdmin(actor, "hosts");
  const host = await database.host.findUnique({ where: { id: hostId }, select: { id: true, name: true, agentUrl: true, active: true, vcpuCapacity: true } });
  if (!host) throw new AppError("not_found", 404, `host ${hostId} not found`);
  return host;
}
