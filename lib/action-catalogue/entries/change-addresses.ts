import { z } from "zod";
import type { Transaction } from "../../database/client";
import { AppError } from "../../errors";
import { freeAddressWhere } from "../../network/allocate-address";
import { hostNetworkConfig } from "../../network/host-network-config";
import { containerNetworkOf } from "../../servers/container-spec";
import { defineServerAction } from "../define-server-action";
import { statusFromContainer } from "../status-from-container";

const ZPoolName = z.string().trim().min(1).optional();

/** The new address ids: taken in the accepting transaction, the old ones given back once the host has moved. */
const payload = z.object({ addressIds: z.array(z.string().min(1)).length(2) });

/** A free address of the family: from the named pool of the server's host, or from its host's pools of its plan's mode. */
async function chooseFreeAddress(transaction: Transaction, server: { id: string; hostId: string | null; plan: { addressMode: string } }, family: 4 | 6, poolName: string | undefined) {
  if (!server.hostId) throw new AppError("server_not_ready", 409, "This server has not been placed on a host yet");
  const where = poolName
    ? { serverId: null, pool: { family, hostId: server.hostId, name: poolName } }
    : freeAddressWhere(family, { hostId: server.hostId, mode: server.plan.addressMode });
  const free = await transaction.ipAddress.findFirst({ where, orderBy: { id: "asc" } });
  if (free) return free;
  const field = family === 4 ? "pool4" : "pool6";
  if (poolName && !(await transaction.ipPool.findFirst({ where: { name: poolName, family, hostId: server.hostId } }))) {
    throw new AppError("unknown_pool", 422, `${field}: the server's host has no IPv${family} pool called "${poolName}"`, { field });
  }
  throw new AppError("ip_pool_exhausted", 409, `${field}: no free IPv${family} address is left ${poolName ? `in ${poolName}` : `in the host's ${server.plan.addressMode} pools`}`, { field });
}

/**
 * An admin moves a server to new addresses (an abuse-listed address, a renumbered network, a
 * move between NAT and routed pools). The new ones are reserved when the action is accepted;
 * the server restarts on them; only then are the old ones given back, and its host's port
 * forwards follow.
 */
export const changeAddresses = defineServerAction({
  type: "change_addresses",
  requesters: ["admin"],
  from: ["running", "stopped"],
  input: z.object({ pool4: ZPoolName, pool6: ZPoolName }),
  payload,
  async prepare({ database, server, input }) {
    const chosen = await database.$transaction(async (transaction) => [
      await chooseFreeAddress(transaction, server, 4, input.pool4),
      await chooseFreeAddress(transaction, server, 6, input.pool6),
    ]);
    return { addressIds: chosen.map((address) => address.id) };
  },
  async accepted(transaction, { server, payload: { addressIds } }) {
    const taken = await transaction.ipAddress.updateMany({ where: { id: { in: addressIds }, serverId: null }, data: { serverId: server.id, assignedAt: new Date() } });
    if (taken.count !== addressIds.length) throw new AppError("address_conflict", 409, "One of the new addresses was just taken by another server; ask again");
  },
  steps: [
    {
      label: "Moving the server to its new addresses",
      run: async ({ database, agent, server, payload: { addressIds } }) => {
        const addresses = await database.ipAddress.findMany({ where: { id: { in: addressIds } }, include: { pool: true } });
        return agent().containerAction(server.containerName, "addresses", { network: containerNetworkOf(addresses, server.id) });
      },
    },
    {
      // Once the host has moved: the old addresses go back, so the forwards (which follow its IPv4) lead to the new one.
      label: "Releasing the old addresses",
      run: async ({ database, agent, server, payload: { addressIds } }) => {
        await database.ipAddress.updateMany({ where: { serverId: server.id, id: { notIn: addressIds } }, data: { serverId: null, assignedAt: null } });
        // Forwards lead to a NAT address; one moved to a routed pool is reachable as it is and keeps none.
        const nat = await database.ipAddress.count({ where: { id: { in: addressIds }, pool: { family: 4, mode: "nat" } } });
        if (nat === 0) await database.portForward.deleteMany({ where: { serverId: server.id } });
        if (server.hostId) await agent().setHostNetwork(await hostNetworkConfig(database, server.hostId));
      },
    },
  ],
  outcome: ({ container }) => ({ status: statusFromContainer(container) }),
  // Failed for good before the old addresses went back: the new ones are given back instead.
  async release(transaction, { server, payload: { addressIds } }) {
    const keptOld = await transaction.ipAddress.count({ where: { serverId: server.id, id: { notIn: addressIds } } });
    if (keptOld > 0) await transaction.ipAddress.updateMany({ where: { id: { in: addressIds }, serverId: server.id }, data: { serverId: null, assignedAt: null } });
  },
  labels: {
    name: "Address change",
    button: "Change addresses",
    running: "Moving to new addresses",
    done: "Addresses changed",
    description: "Gives the server a new IPv4 and IPv6 address (from the named pools, or its host's pools of its plan's mode) and restarts it on them; the old ones are released.",
  },
  panel: {
    placement: "provider",
    confirm: { title: "Give this server new addresses?", detail: "It restarts on them, and its old addresses go back to their pools.", button: "Change addresses" },
  },
});
