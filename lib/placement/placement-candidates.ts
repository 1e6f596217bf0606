import type { Transaction } from "../database/client";
import { freeAddressWhere } from "../network/allocate-address";
import { placedServerStatuses, roomOf, type HostRoom, type Resources } from "./host-room";

export type PlacementPolicy = "spread" | "pack";

/** What placement needs to know of a plan. */
export interface PlacedPlan extends Resources {
  addressMode: string;
  hostGroupId: string | null;
}

/** A host that may take new servers, with its room and its free addresses of the plan's mode. */
export interface PlacementCandidate {
  host: { id: string; name: string; idmapFloor: number };
  room: HostRoom;
  freeAddresses: Record<4 | 6, number>;
}

type PlacementReader = Pick<Transaction, "host" | "hostGroup" | "ipAddress">;

/**
 * The hosts new servers of the plan may go to: active, not draining, not in maintenance, up, and
 * in the plan's host group when it has one; with the placement policy that applies (the plan's
 * group's, else spread). Run it inside the placing transaction so what it reads cannot change
 * before the placement is written.
 */
export async function loadPlacementCandidates(reader: PlacementReader, plan: PlacedPlan): Promise<{ policy: PlacementPolicy; candidates: PlacementCandidate[] }> {
  const group = plan.hostGroupId ? await reader.hostGroup.findUnique({ where: { id: plan.hostGroupId }, select: { placementPolicy: true } }) : null;
  const hosts = await reader.host.findMany({
    where: { active: true, draining: false, maintenanceNotice: null, health: "up", ...(plan.hostGroupId ? { hostGroupId: plan.hostGroupId } : {}) },
    orderBy: { name: "asc" },
    include: { servers: { where: { status: { in: placedServerStatuses } }, select: { plan: { select: { vcpus: true, memoryMb: true, diskMb: true } } } } },
  });
  const candidates = await Promise.all(
    hosts.map(async (host) => {
      const source = { hostId: host.id, mode: plan.addressMode };
      const [free4, free6] = await Promise.all(([4, 6] as const).map((family) => reader.ipAddress.count({ where: freeAddressWhere(family, source) })));
      return {
        host: { id: host.id, name: host.name, idmapFloor: host.idmapFloor },
        room: roomOf(host, host.servers.map((server) => server.plan)),
        freeAddresses: { 4: free4!, 6: free6! },
      };
    }),
  );
  return { policy: group?.placementPolicy === "pack" ? "pack" : "spread", candidates };
}
