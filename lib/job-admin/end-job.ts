import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { settleFailedJob } from "../jobs/settle-failed-job";
import type { BerthSettings } from "../settings";
import { jobOwner } from "./job-owner";

export interface EndJobOptions {
  database: Database;
  queue: JobQueue;
  settings: BerthSettings;
  actor: Actor;
  jobId: string;
}

/**
 * Ends a queued or running job that no worker will finish (admins only): takes it out of BullMQ,
 * fails its row for good with the audit event `job.end` in the same transaction, and releases
 * what it took (the server's claim, addresses, quota) the way a final failure does. A job a live
 * worker is running right now holds BullMQ's lock and is refused (409 `job_running`): it ends on
 * its own, since every agent call has a timeout.
 */
export async function endJob({ database, queue, settings, actor, jobId }: EndJobOptions) {
  requireAdmin(actor, "job");
  const found = await database.job.findUnique({ where: { id: jobId } });
  if (!found) throw new AppError("not_found", 404, `job ${jobId} not found`);
  if (found.state !== "queued" && found.state !== "running") {
    throw new AppError("job_not_active", 409, `This job is ${found.state}; only queued or running jobs can be ended`);
  }
  if ((await queue.remove(jobId)) === "locked") {
    throw new AppError("job_running", 409, "A worker is running this job right now; it ends on its own");
  }
  const reason = "ended by an admin";
  const ended = await settleFailedJob({
    database,
    settings,
    jobRecordId: jobId,
    reason,
    publicText: "Ended by an administrator",
    alsoInTransaction: async (transaction, job) => {
      const owner = await jobOwner(transaction, job);
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        ...(owner ? auditTenancy(owner) : {}),
        action: "job.end",
        targetType: "job",
        targetId: job.id,
        result: "success",
        details: { type: job.type, orderId: job.orderId, serverId: job.serverId, previousState: job.state },
      });
    },
  });
  if (!ended) throw new AppError("job_not_active", 409, "This job has just finished; it no longer needs ending");
  return database.job.findUniqueOrThrow({ where: { id: jobId } });
}
