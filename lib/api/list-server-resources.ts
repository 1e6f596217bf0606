import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import { readPage, type TPageInput } from "../pagination/read-page";
import { serverResourceInclude } from "./queries";
import { serverResource } from "./resources";

/** GET /api/v1/servers: one page of the servers the actor may see (terminated ones too), newest first. */
export async function listServerResources({ database, actor, page }: { database: Database; actor: Actor; page: TPageInput }) {
  const { rows, nextCursor } = await readPage({
    input: page,
    read: (query) => database.server.findMany({ where: { AND: [serverScope(actor), query.where] }, include: serverResourceInclude, orderBy: query.orderBy, take: query.take }),
  });
  return { servers: rows.map((server) => serverResource(server, actor)), nextCursor };
}
