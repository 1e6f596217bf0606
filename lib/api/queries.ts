import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import { AppError } from "../errors";

export const serverResourceInclude = { plan: true, template: true, host: true, addresses: { include: { pool: true } } } as const;

/**
 * A job the actor may see: one on a server it may see, or, for admins not limited to named
 * servers, a job of no server (an image build). Others' jobs are 404.
 */
export async function findJobFor(database: Database, actor: Actor, jobId: string) {
  const job = await database.job.findUnique({ where: { id: jobId } });
  const platformJob = actor.role === "admin" && !actor.serverIds;
  const visible = job?.serverId ? await database.server.count({ where: { AND: [{ id: job.serverId }, serverScope(actor)] } }) : platformJob ? 1 : 0;
  if (!job || visible === 0) throw new AppError("not_found", 404, `job ${jobId} not found`);
  return job;
}
