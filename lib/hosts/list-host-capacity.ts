import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";
import { checkHostHealth } from "./check-host-health";

// The statuses in which a server holds its plan's resources on its host (as placement counts them).
const placedStatuses = ["provisioning", "running", "stopped", "suspended"];

/**
 * Every host with its capacity, what its placed servers' plans take of it and its agent's
 * health, asked of all agents at once (admins only).
 */
export async function listHostCapacity({ database, actor, encryptionKey }: { database: Database; actor: Actor; encryptionKey: string }) {
  requireAdmin(actor, "hosts");
  const hosts = await database.host.findMany({
    orderBy: { name: "asc" },
    include: { servers: { where: { status: { in: placedStatuses } }, select: { plan: { select: { vcpus: true, memoryMb: true, diskMb: true } } } } },
  });
  return Promise.all(
    hosts.map(async ({ servers, agentSecretEncrypted, ...host }) => {
      const used = servers.reduce(
        (total, { plan }) => ({ vcpus: total.vcpus + plan.vcpus, memoryMb: total.memoryMb + plan.memoryMb, diskMb: total.diskMb + plan.diskMb }),
        { vcpus: 0, memoryMb: 0, diskMb: 0 },
      );
      const health = await checkHostHealth({ agentUrl: host.agentUrl, agentSecretEncrypted }, encryptionKey);
      return {
        id: host.id,
        name: host.name,
        agentUrl: host.agentUrl,
        active: host.active,
        servers: servers.length,
        capacity: { vcpus: host.vcpuCapacity, memoryMb: host.memoryMbCapacity, diskMb: host.diskMbCapacity },
        used: { ...used, vcpus: Math.round(used.vcpus * 100) / 100 },
        health,
      };
    }),
  );
}
