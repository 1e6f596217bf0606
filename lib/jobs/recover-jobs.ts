import type { Database } from "../database/client";
import type { JobQueue } from "./queue";
import { jobRegistry, type JobName } from "./registry";

/**
 * Queues again every job the database says is unfinished. The Job row id is the BullMQ job id,
 * so jobs Redis still holds are not duplicated; this only restores ones whose queuing was lost.
 */
export async function recoverUnfinishedJobs(database: Database, queue: JobQueue): Promise<number> {
  const unfinished = await database.job.findMany({ where: { state: { in: ["queued", "running"] } } });
  let recovered = 0;
  for (const job of unfinished) {
    if (!(job.type in jobRegistry)) continue;
    await queue.enqueue(job.type as JobName, JSON.parse(job.payload), job.id);
    recovered++;
  }
  return recovered;
}
