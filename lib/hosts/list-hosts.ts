import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";
import { finishedServerStatuses } from "./host-fields";
import { hostResource } from "./host-resource";

/** Every host, pending ones too, by name, with its health as the heartbeats last saw it (admins only; asks no agent). */
export async function listHosts({ database, actor, hostId }: { database: Database; actor: Actor; hostId?: string }) {
  requireAdmin(actor, "hosts");
  const hosts = await database.host.findMany({
    where: hostId ? { OR: [{ id: hostId }, { name: hostId }] } : {},
    orderBy: { name: "asc" },
    include: { hostGroup: { select: { name: true } }, _count: { select: { servers: { where: { status: { notIn: finishedServerStatuses } } } } } },
  });
  return hosts.map(({ _count, ...host }) => hostResource(host, _count.servers));
}
