import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/** A host's placement settings and the groups it could be in, for the admin's form (admins only). */
export async function readHostPlacement({ database, actor, hostId }: { database: Database; actor: Actor; hostId: string }) {
  requireAdmin(actor, "host");
  const host = await database.host.findUnique({ where: { id: hostId }, select: { vcpuCapacity: true, memoryMbCapacity: true, vcpuOvercommit: true, memoryOvercommit: true, hostGroup: { select: { name: true } } } });
  if (!host) throw new AppError("not_found", 404, `host ${hostId} not found`);
  const groups = await database.hostGroup.findMany({ orderBy: { name: "asc" }, select: { name: true, placementPolicy: true } });
  return { ...host, hostGroup: host.hostGroup?.name ?? null, groups };
}
