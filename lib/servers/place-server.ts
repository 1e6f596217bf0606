import type { Database } from "../database/client";
import { allocateAddress } from "../network/allocate-address";
import { antiAffinityOf } from "../placement/anti-affinity";
import { chooseHost } from "../placement/choose-host";
import { loadPlacementCandidates } from "../placement/placement-candidates";

// Each container gets its own 65536-id range of unprivileged uids and gids on its host.
export const idmapRangeSize = 65536;

/**
 * Puts a pending server on a host with room for its plan (lib/placement: eligible hosts, room
 * with overcommit, the host group's policy, anti-affinity) and gives it an id range and one
 * IPv4 and one IPv6 address (or prefix) from that host's pools of the plan's mode, all in one
 * transaction, so concurrent placements cannot both count on the same room. On a retry it keeps
 * what it already has.
 */
export async function placeServer(database: Database, serverId: string): Promise<void> {
  await database.$transaction(async (transaction) => {
    const server = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
    if (!server.hostId) {
      const { policy, candidates } = await loadPlacementCandidates(transaction, server.plan);
      const { host } = chooseHost(candidates, policy, server.plan, await antiAffinityOf(transaction, server));
      const highest = await transaction.server.findFirst({
        where: { hostId: host.id, idmapBase: { not: null } },
        orderBy: { idmapBase: "desc" },
        select: { idmapBase: true },
      });
      await transaction.server.update({
        where: { id: serverId },
        data: {
          hostId: host.id,
          idmapBase: highest?.idmapBase != null ? highest.idmapBase + idmapRangeSize : host.idmapFloor,
          status: "provisioning",
        },
      });
    }
    const { hostId } = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, select: { hostId: true } });
    const source = { hostId: hostId as string, mode: server.plan.addressMode };
    await allocateAddress(transaction, serverId, 4, source);
    await allocateAddress(transaction, serverId, 6, source);
  });
}
