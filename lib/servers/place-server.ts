import type { Database, Transaction } from "../database/client";
import { AppError } from "../errors";
import { allocateAddress } from "../network/allocate-address";

// Each container gets its own 65536-id range of unprivileged uids and gids on its host.
export const idmapRangeSize = 65536;

// Servers that hold their plan's resources on a host.
const placedStatuses = ["provisioning", "running", "stopped", "suspended"];

type PlanSize = { vcpus: number; memoryMb: number; diskMb: number };

/** The active host with room for the plan and the most free memory, or 409 when none has room. */
async function chooseHost(transaction: Transaction, plan: PlanSize) {
  const hosts = await transaction.host.findMany({
    where: { active: true },
    include: { servers: { where: { status: { in: placedStatuses } }, include: { plan: true } } },
  });
  const candidates = hosts.map((host) => {
    const used = host.servers.reduce(
      (total, placed) => ({
        vcpus: total.vcpus + placed.plan.vcpus,
        memoryMb: total.memoryMb + placed.plan.memoryMb,
        diskMb: total.diskMb + placed.plan.diskMb,
      }),
      { vcpus: 0, memoryMb: 0, diskMb: 0 },
    );
    const fits =
      used.vcpus + plan.vcpus <= host.vcpuCapacity &&
      used.memoryMb + plan.memoryMb <= host.memoryMbCapacity &&
      used.diskMb + plan.diskMb <= host.diskMbCapacity;
    return { host, fits, freeMemoryMb: host.memoryMbCapacity - used.memoryMb };
  });
  const chosen = candidates.filter((candidate) => candidate.fits).sort((a, b) => b.freeMemoryMb - a.freeMemoryMb)[0];
  if (!chosen) throw new AppError("no_capacity", 409, "No host has room for this plan right now");
  return chosen.host;
}

/**
 * Puts a pending server on a host with room for its plan and gives it an id range and one IPv4
 * and one IPv6 address, all in one transaction. On a retry it keeps what it already has.
 */
export async function placeServer(database: Database, serverId: string): Promise<void> {
  await database.$transaction(async (transaction) => {
    const server = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
    if (!server.hostId) {
      const host = await chooseHost(transaction, server.plan);
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
    await allocateAddress(transaction, serverId, 4);
    await allocateAddress(transaction, serverId, 6);
  });
}
