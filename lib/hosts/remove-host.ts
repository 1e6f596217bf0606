import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { finishedServerStatuses } from "./host-fields";
import { hostByReference } from "./host-by-reference";

/**
 * Removes a host (admins only) once none of its servers lives on it any more (all terminated or
 * failed) and no address pool is on it (move pools first: their addresses are routed to it);
 * otherwise 409 naming them. Its image versions and its finished servers' link to it go with it.
 */
export async function removeHost({ database, actor, host: reference }: { database: Database; actor: Actor; host: string }) {
  requireAdmin(actor, "hosts");
  return database.$transaction(async (transaction) => {
    const host = await hostByReference(transaction, reference);
    const living = await transaction.server.findMany({ where: { hostId: host.id, status: { notIn: finishedServerStatuses } }, select: { hostname: true }, orderBy: { hostname: "asc" } });
    if (living.length > 0) {
      const names = living.map((server) => server.hostname);
      throw new AppError("host_in_use", 409, `host ${host.name} still has ${names.length} server(s): ${names.join(", ")}; terminate or move them first`, { servers: names });
    }
    const pools = await transaction.ipPool.findMany({ where: { hostId: host.id }, select: { name: true }, orderBy: { name: "asc" } });
    if (pools.length > 0) {
      const names = pools.map((pool) => pool.name);
      throw new AppError("host_in_use", 409, `host ${host.name} still has address pool(s) ${names.join(", ")}; give them another host first`, { pools: names });
    }
    // Port forwards belong to servers, and all of this host's servers are finished.
    await transaction.portForward.deleteMany({ where: { hostId: host.id } });
    await transaction.server.updateMany({ where: { hostId: host.id }, data: { hostId: null } });
    await transaction.host.delete({ where: { id: host.id } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "host.remove", targetType: "host", targetId: host.id, result: "success", details: { name: host.name } });
    return { id: host.id, name: host.name };
  });
}
