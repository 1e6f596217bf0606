import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import type { Prisma } from "../generated/prisma/client";
import { readPage, type TPageInput } from "../pagination/read-page";
import { jobResource } from "./resources";

/**
 * GET /api/v1/jobs: one page of the jobs the actor may follow, newest first. Like GET
 * /api/v1/jobs/{id} (findJobFor), a job is visible when its server is; a job has no relation to
 * its server in the schema, so the visible servers' ids are looked up first.
 */
export async function listJobResources({ database, actor, page }: { database: Database; actor: Actor; page: TPageInput }) {
  const servers = serverScope(actor);
  // An empty scope is every server (an admin, not through a token limited to some).
  const scope: Prisma.JobWhereInput =
    Object.keys(servers).length === 0
      ? { serverId: { not: null } }
      : { serverId: { in: (await database.server.findMany({ where: servers, select: { id: true } })).map((server) => server.id) } };
  const { rows, nextCursor } = await readPage({
    input: page,
    read: (query) => database.job.findMany({ where: { AND: [scope, query.where] }, orderBy: query.orderBy, take: query.take }),
  });
  return { jobs: rows.map((row) => jobResource(row, actor)), nextCursor };
}
