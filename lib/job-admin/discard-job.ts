import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { jobOwner } from "./job-owner";

/**
 * Dismisses a failed job from the queue page (admins only). The row is kept for the record
 * with its error; discarding it again changes nothing. Only failed jobs can be discarded.
 */
export async function discardJob({ database, actor, jobId }: { database: Database; actor: Actor; jobId: string }) {
  requireAdmin(actor, "job");
  return database.$transaction(async (transaction) => {
    const job = await transaction.job.findUnique({ where: { id: jobId } });
    if (!job) throw new AppError("not_found", 404, `job ${jobId} not found`);
    if (job.state !== "failed") throw new AppError("job_not_failed", 409, `This job is ${job.state}; only failed jobs can be discarded`);
    if (job.discardedAt) return job;
    const discarded = await transaction.job.update({ where: { id: jobId }, data: { discardedAt: new Date() } });
    const owner = await jobOwner(transaction, job);
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...(owner ? auditTenancy(owner) : {}),
      action: "job.discard",
      targetType: "job",
      targetId: job.id,
      result: "success",
      details: { type: job.type, orderId: job.orderId, serverId: job.serverId, error: job.error },
    });
    return discarded;
  });
}
