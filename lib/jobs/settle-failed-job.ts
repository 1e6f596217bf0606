import type { Database, Transaction } from "../database/client";
import type { BerthSettings } from "../settings";
import type { JobContext } from "./define-job";
import { unexplainedFailureText } from "./job-error-for";
import { markJobProgress, noteAgentOperation } from "./job-record";
import { jobDefinitionOf } from "./registry";
import { logger } from "../logging/logger";

export interface SettleFailedJobOptions {
  database: Database;
  settings: BerthSettings;
  jobRecordId: string;
  /** Why, for admins (Job.error). */
  reason: string;
  /** What customers and resellers read (Job.publicError, the server's status message); default: a reference to the job. */
  publicText?: string;
  /** Written in the same transaction that marks the row failed (an admin's audit event). */
  alsoInTransaction?: (transaction: Transaction, job: { id: string; type: string; orderId: string | null; serverId: string | null; state: string }) => Promise<void>;
}

/** What onFinalFailure gets when no BullMQ job runs: progress goes to the Job row only. */
function settleContext(database: Database, settings: BerthSettings, jobRecordId: string): JobContext {
  return {
    database,
    settings,
    jobRecordId,
    reportProgress: (progress, step) => markJobProgress(database, jobRecordId, progress, step),
    noteAgentOperation: (operationId) => noteAgentOperation(database, jobRecordId, operationId),
    runStep: (_step, _progress, work) => work(),
  };
}

/**
 * Fails a queued or running Job row for good when no worker will finish it (BullMQ failed it
 * after repeated stalls, lost it, or an admin ended it), and releases what it took through its
 * definition's onFinalFailure (the server's claim, addresses, quota). The row is claimed with a
 * conditional update, so two settlers, or a settler and a late worker, release it once.
 * Answers false when the row was already finished.
 */
export async function settleFailedJob({ database, settings, jobRecordId, reason, publicText, alsoInTransaction }: SettleFailedJobOptions): Promise<boolean> {
  const settled = await database.$transaction(async (transaction) => {
    const found = await transaction.job.findUnique({ where: { id: jobRecordId } });
    if (!found || (found.state !== "queued" && found.state !== "running")) return null;
    const definition = jobDefinitionOf(found.type);
    const parsed = definition?.payload.safeParse(JSON.parse(found.payload));
    const payload = parsed?.success ? parsed.data : undefined;
    // Customers read the public text (also in the server's status message); admins the reason,
    // which is about the queue and the worker: by default customers get a reference to the job.
    const shown = publicText ?? unexplainedFailureText(definition && payload !== undefined ? definition.publicName(payload) : "request", found.id);
    const claimed = await transaction.job.updateMany({
      where: { id: jobRecordId, state: { in: ["queued", "running"] } },
      data: { state: "failed", error: reason, publicError: shown, finishedAt: new Date() },
    });
    if (claimed.count !== 1) return null;
    await alsoInTransaction?.(transaction, found);
    return { definition, payload, shown };
  });
  if (!settled) return false;

  const { definition, payload, shown } = settled;
  if (!definition?.onFinalFailure || payload === undefined) return true;
  try {
    const release = await definition.onFinalFailure();
    await release(payload, settleContext(database, settings, jobRecordId), shown);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger().error({ jobId: jobRecordId, err: error }, "releasing what the job took failed");
    await database.job.update({ where: { id: jobRecordId }, data: { error: `${reason} (release failed: ${message})` } });
  }
  return true;
}
