import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";
import { effectiveCapacity, placedServerStatuses } from "../placement/host-room";
import { checkHostHealth } from "./check-host-health";

/**
 * Every host with its capacity, what its placed servers' plans take of it and its agent's
 * health, asked of all agents at once (admins only).
 */
export async function listHostCapacity({ database, actor, encryptionKey }: { database: Database; actor: Actor; encryptionKey: string }) {
  requireAdmin(actor, "hosts");
  const hosts = await database.host.findMany({
    orderBy: { name: "asc" },
    include: {
      servers: { where: { status: { in: placedServerStatuses } }, select: { plan: { select: { vcpus: true, memoryMb: true, diskMb: true } } } },
      hostGroup: { select: { name: true, placementPolicy: true } },
    },
  });
  return Promise.all(
    hosts.map(async ({ servers, ...host }) => {
      const used = servers.reduce(
        (total, { plan }) => ({ vcpus: total.vcpus + plan.vcpus, memoryMb: total.memoryMb + plan.memoryMb, diskMb: total.diskMb + plan.diskMb }),
        { vcpus: 0, memoryMb: 0, diskMb: 0 },
      );
      // A host still waiting for its agent to join has nothing to ask.
      const health = host.active ? await checkHostHealth(host, encryptionKey) : ({ reachable: false, error: "waiting for its agent to join" } as const);
      return {
        id: host.id,
        name: host.name,
        agentUrl: host.agentUrl,
        active: host.active,
        draining: host.draining,
        maintenanceNotice: host.maintenanceNotice,
        servers: servers.length,
        capacity: { vcpus: host.vcpuCapacity, memoryMb: host.memoryMbCapacity, diskMb: host.diskMbCapacity },
        // What placement may promise: capacity × the host's overcommit ratios (disk never).
        effectiveCapacity: effectiveCapacity(host),
        overcommit: { vcpus: host.vcpuOvercommit, memory: host.memoryOvercommit },
        hostGroup: host.hostGroup,
        used: { ...used, vcpus: Math.round(used.vcpus * 100) / 100 },
        health,
      };
    }),
  );
}
