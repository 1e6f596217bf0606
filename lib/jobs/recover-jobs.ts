import type { Database } from "../database/client";
import type { JobQueue } from "./queue";
import { jobRegistry, type JobName } from "./registry";
import { logger } from "../logging/logger";

/**
 * Queues again every job the database says is unfinished, when the worker starts. The Job row id
 * is the BullMQ job id, so a running job Redis still holds is not duplicated. A row still "queued"
 * is replaced (requeue): its queuing may have been lost, or BullMQ may still hold it as failed
 * from before an admin's retry whose queuing failed.
 */
export async function recoverUnfinishedJobs(database: Database, queue: JobQueue): Promise<number> {
  const unfinished = await database.job.findMany({ where: { state: { in: ["queued", "running"] } } });
  let recovered = 0;
  for (const job of unfinished) {
    if (!(job.type in jobRegistry)) continue;
    const name = job.type as JobName;
    try {
      if (job.state === "queued") await queue.requeue(name, JSON.parse(job.payload), job.id);
      else await queue.enqueue(name, JSON.parse(job.payload), job.id);
      recovered++;
    } catch (error) {
      // A job another worker holds right now cannot be replaced; it is not lost either.
      logger().warn({ jobId: job.id, err: error }, "could not re-queue the job");
    }
  }
  return recovered;
}
