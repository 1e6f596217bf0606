import type { Database, Transaction } from "../database/client";
import { AppError } from "../errors";
import { allocateAddress, freeAddressWhere } from "../network/allocate-address";

// Each container gets its own 65536-id range of unprivileged uids and gids on its host.
export const idmapRangeSize = 65536;

// Servers that hold their plan's resources on a host.
const placedStatuses = ["provisioning", "running", "stopped", "suspended"];

type PlanSize = { vcpus: number; memoryMb: number; diskMb: number; addressMode: string };

/**
 * The active host with room for the plan and a free IPv4 and IPv6 address in pools of the
 * plan's mode, with the most free memory; 409 when none has room or addresses.
 */
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
      used.vcpus + plan.vcpus <= host.vcpuCapacity * host.vcpuOvercommit &&
      used.memoryMb + plan.memoryMb <= host.memoryMbCapacity * host.memoryOvercommit &&
      used.diskMb + plan.diskMb <= host.diskMbCapacity;
    return { host, fits, freeMemoryMb: host.memoryMbCapacity * host.memoryOvercommit - used.memoryMb };
  });
  const withRoom = candidates.filter((candidate) => candidate.fits).sort((a, b) => b.freeMemoryMb - a.freeMemoryMb);
  if (withRoom.length === 0) throw new AppError("no_capacity", 409, "No host has room for this plan right now");
  const missing = new Set<number>();
  for (const { host } of withRoom) {
    const source = { hostId: host.id, mode: plan.addressMode };
    const free = await Promise.all(([4, 6] as const).map(async (family) => ({ family, found: await transaction.ipAddress.findFirst({ where: freeAddressWhere(family, source), select: { id: true } }) })));
    if (free.every((entry) => entry.found)) return host;
    for (const entry of free) if (!entry.found) missing.add(entry.family);
  }
  const families = [...missing].map((family) => `IPv${family}`).join(" or ");
  throw new AppError("ip_pool_exhausted", 409, `No free ${families} address is left in the ${plan.addressMode} pools of the hosts with room for this plan`);
}

/**
 * Puts a pending server on a host with room for its plan and gives it an id range and one IPv4
 * and one IPv6 address (or prefix) from that host's pools of the plan's mode, all in one
 * transaction. On a retry it keeps what it already has.
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
    const { hostId } = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, select: { hostId: true } });
    const source = { hostId: hostId as string, mode: server.plan.addressMode };
    await allocateAddress(transaction, serverId, 4, source);
    await allocateAddress(transaction, serverId, 6, source);
  });
}
