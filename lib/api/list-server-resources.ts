import { z } from "zod";
import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { readPage, type TPageInput } from "../pagination/read-page";
import { serverResourceInclude } from "./queries";
import { serverResource } from "./resources";

const ZServerFilter = z.object({
  serviceId: z.string().trim().min(1, "must not be empty").max(200).optional(),
});

/**
 * The billing endpoint whose service ids the actor's own billing system uses: the admin's
 * ("admin") or the reseller's own; customers have none (their filter matches nothing).
 */
async function billingEndpointKeyOf(database: Database, actor: Actor): Promise<string | null> {
  if (actor.role === "admin") return "admin";
  if (actor.role !== "reseller") return null;
  return (await database.webhookEndpoint.findUnique({ where: { ownerId: actor.userId }, select: { id: true } }))?.id ?? null;
}

/**
 * GET /api/v1/servers: one page of the servers the actor may see (terminated ones too), newest
 * first; `serviceId` narrows them to those its own billing system ordered under that service id.
 */
export async function listServerResources({ database, actor, page, filter = {} }: { database: Database; actor: Actor; page: TPageInput; filter?: Record<string, string | undefined> }) {
  const { serviceId } = parseInput(ZServerFilter, filter);
  const byService = serviceId ? { order: { billingServiceId: serviceId, billingEndpoint: (await billingEndpointKeyOf(database, actor)) ?? "" } } : {};
  const { rows, nextCursor } = await readPage({
    input: page,
    read: (query) =>
      database.server.findMany({ where: { AND: [serverScope(actor), byService, query.where] }, include: serverResourceInclude, orderBy: query.orderBy, take: query.take }),
  });
  return { servers: rows.map((server) => serverResource(server, actor)), nextCursor };
}
