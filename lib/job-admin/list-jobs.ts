import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";
import { readPage, type TPageInput } from "../pagination/read-page";
import { actionOfJob } from "../servers/server-activity";

const jobInclude = {
  order: { select: { id: true, hostname: true, status: true, customer: { select: { email: true } } } },
} as const;

/**
 * The job queue as the admin console shows it (admins only): jobs queued or running, jobs that
 * failed for good and were not discarded, and one page of the completed ones, newest first
 * (nextCursor is that list's next page, null on the last).
 */
export async function listJobs({ database, actor, limit, cursor }: { database: Database; actor: Actor } & TPageInput) {
  requireAdmin(actor, "jobs");
  const [active, failed, { rows: completed, nextCursor }] = await Promise.all([
    database.job.findMany({ where: { state: { in: ["queued", "running"] } }, orderBy: { createdAt: "asc" }, include: jobInclude }),
    database.job.findMany({ where: { state: "failed", discardedAt: null }, orderBy: [{ finishedAt: "desc" }, { id: "desc" }], take: 200, include: jobInclude }),
    readPage({
      input: { limit, cursor },
      read: (query) => database.job.findMany({ where: { AND: [{ state: "completed" }, query.where] }, orderBy: query.orderBy, take: query.take, include: jobInclude }),
    }),
  ]);
  const serverIds = [...new Set([...active, ...failed, ...completed].map((job) => job.serverId).filter((id): id is string => id !== null))];
  const servers = new Map(
    (await database.server.findMany({ where: { id: { in: serverIds } }, select: { id: true, hostname: true, owner: { select: { email: true } } } })).map((server) => [
      server.id,
      server,
    ]),
  );
  const view = (job: (typeof active)[number]) => {
    const server = job.serverId ? servers.get(job.serverId) : undefined;
    return {
      id: job.id,
      type: job.type,
      action: actionOfJob(job.payload),
      state: job.state,
      progress: job.state === "completed" ? 100 : job.progress,
      step: job.step,
      attempts: job.attempts,
      error: job.error,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
      target: server?.hostname ?? job.order?.hostname ?? null,
      owner: server?.owner.email ?? job.order?.customer.email ?? null,
      orderId: job.orderId,
      serverId: job.serverId,
    };
  };
  return { active: active.map(view), failed: failed.map(view), completed: completed.map(view), nextCursor };
}
