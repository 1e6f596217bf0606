import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";
import type { JobQueue } from "./queue";
import { jobRegistry, type JobName } from "./registry";
import { settleFailedJob } from "./settle-failed-job";
import { logger } from "../logging/logger";

export interface ReconcileJobsOptions {
  database: Database;
  settings: BerthSettings;
  queue: JobQueue;
  /** Rows changed more recently than this are left alone: their queuing or settling may be under way. */
  graceMs?: number;
  now?: Date;
}

export interface ReconcileJobsResult {
  settled: string[];
  requeued: string[];
}

/** How often the worker runs the pass, and how long a row may disagree with BullMQ before it is settled. */
export const reconcileIntervalMs = 60_000;
export const reconcileGraceMs = 120_000;

/**
 * Brings the Job table in line with BullMQ. A row still queued or running whose BullMQ job
 * failed (a job that stalled more often than BullMQ allows fails without its processor running,
 * so nothing settled the row) or vanished while running is failed for good and releases what it
 * took; a queued row BullMQ never got (Redis was down when it was queued) is queued again. Without
 * this, such a row stays running forever and its server's activeJobId refuses every action.
 */
export async function reconcileJobs({ database, settings, queue, graceMs = reconcileGraceMs, now = new Date() }: ReconcileJobsOptions): Promise<ReconcileJobsResult> {
  const settledBefore = new Date(now.getTime() - graceMs);
  const unfinished = await database.job.findMany({ where: { state: { in: ["queued", "running"] }, updatedAt: { lt: settledBefore } }, orderBy: { createdAt: "asc" } });
  const result: ReconcileJobsResult = { settled: [], requeued: [] };
  for (const job of unfinished) {
    try {
      const queued = await queue.inspect(job.id);
      // A failure older than the row's last change is the one an admin's retry replaced, when queuing the retry failed.
      const staleFailure = queued.state === "failed" && job.state === "queued" && (queued.finishedOn ?? 0) < job.updatedAt.getTime();
      if (staleFailure && job.type in jobRegistry) {
        await queue.requeue(job.type as JobName, JSON.parse(job.payload), job.id);
        result.requeued.push(job.id);
      } else if (queued.state === "failed" && (queued.finishedOn ?? 0) < settledBefore.getTime()) {
        const reason = `the worker lost this job: ${queued.failedReason ?? "BullMQ failed it"}`;
        if (await settleFailedJob({ database, settings, jobRecordId: job.id, reason })) result.settled.push(job.id);
      } else if (queued.state === "missing" && job.state === "running") {
        const reason = "the worker lost this job: it is no longer in the queue";
        if (await settleFailedJob({ database, settings, jobRecordId: job.id, reason })) result.settled.push(job.id);
      } else if (queued.state === "missing" && job.type in jobRegistry) {
        await queue.enqueue(job.type as JobName, JSON.parse(job.payload), job.id);
        result.requeued.push(job.id);
      }
    } catch (error) {
      logger().error({ jobId: job.id, err: error }, "reconciling the job failed");
    }
  }
  return result;
}
