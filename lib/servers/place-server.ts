import type { Database } from "../database/client";
import { AppError } from "../errors";
import { allocateAddress } from "../network/allocate-address";

// Each container gets its own 65536-id range of unprivileged uids and gids on its host.
export const idmapRangeSize = 65536;

const activeStatuses = ["pending", "provisioning", "running", "stopped", "suspended"];

interface OrderToPlace {
  id: string;
  customerId: string;
  hostname: string;
  planId: string;
  templateId: string;
  plan: { vcpus: number; memoryMb: number; diskMb: number };
}

/** The container name is fixed by the order, so every retry addresses the same container. */
export function containerNameFor(orderId: string): string {
  return `berth-${orderId}`;
}

/**
 * Creates the order's server on a host with room for its plan and gives it an id range and one
 * IPv4 and one IPv6 address, all in one transaction. Returns the existing server on a retry.
 */
export async function placeServer(database: Database, order: OrderToPlace): Promise<{ serverId: string }> {
  return database.$transaction(async (transaction) => {
    let server = await transaction.server.findUnique({ where: { orderId: order.id } });
    if (!server) {
      const hosts = await transaction.host.findMany({
        where: { active: true },
        include: { servers: { where: { status: { in: activeStatuses } }, include: { plan: true } } },
      });
      const host = hosts
        .map((candidate) => {
          const used = candidate.servers.reduce(
            (total, placed) => ({
              vcpus: total.vcpus + placed.plan.vcpus,
              memoryMb: total.memoryMb + placed.plan.memoryMb,
              diskMb: total.diskMb + placed.plan.diskMb,
            }),
            { vcpus: 0, memoryMb: 0, diskMb: 0 },
          );
          return { candidate, freeMemoryMb: candidate.memoryMbCapacity - used.memoryMb, used };
        })
        .filter(({ candidate, used }) =>
          used.vcpus + order.plan.vcpus <= candidate.vcpuCapacity &&
          used.memoryMb + order.plan.memoryMb <= candidate.memoryMbCapacity &&
          used.diskMb + order.plan.diskMb <= candidate.diskMbCapacity,
        )
        .sort((a, b) => b.freeMemoryMb - a.freeMemoryMb)[0]?.candidate;
      if (!host) throw new AppError("no_capacity", 409, "No host has room for this plan right now");

      const highest = await transaction.server.findFirst({
        where: { hostId: host.id, idmapBase: { not: null } },
        orderBy: { idmapBase: "desc" },
        select: { idmapBase: true },
      });
      server = await transaction.server.create({
        data: {
          orderId: order.id,
          hostname: order.hostname,
          ownerId: order.customerId,
          planId: order.planId,
          templateId: order.templateId,
          hostId: host.id,
          containerName: containerNameFor(order.id),
          idmapBase: highest?.idmapBase != null ? highest.idmapBase + idmapRangeSize : host.idmapFloor,
          status: "provisioning",
        },
      });
    }
    await allocateAddress(transaction, server.id, 4);
    await allocateAddress(transaction, server.id, 6);
    return { serverId: server.id };
  });
}
