import type { Database } from "../database/client";

/** The user whose server or order a job works on (for audit tenancy and quota), or null if both are gone. */
export async function jobOwner(database: Pick<Database, "server" | "order">, job: { serverId: string | null; orderId: string | null }) {
  const select = { id: true, role: true, resellerId: true } as const;
  if (job.serverId) {
    const server = await database.server.findUnique({ where: { id: job.serverId }, select: { owner: { select } } });
    if (server) return server.owner;
  }
  if (job.orderId) {
    const order = await database.order.findUnique({ where: { id: job.orderId }, select: { customer: { select } } });
    if (order) return order.customer;
  }
  return null;
}
