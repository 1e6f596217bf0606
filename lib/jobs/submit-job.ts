import type { Transaction } from "../database/client";
import { logger } from "../logging/logger";
import type { JobQueue } from "./queue";
import { jobRegistry, type JobName, type JobPayload } from "./registry";


/** Writes the Job row inside the caller's transaction, so the change and its job commit together. */
export async function createJobRecord<Name extends JobName>(
  transaction: Transaction,
  name: Name,
  payload: JobPayload<Name>,
  links: { orderId?: string; serverId?: string },
) {
  const parsed = jobRegistry[name].payload.parse(payload);
  return transaction.job.create({ data: { type: name, payload: JSON.stringify(parsed), ...links } });
}

/**
 * Queues a committed Job row. If Redis is unreachable the row stays "queued" and the worker
 * queues it when it starts (recoverUnfinishedJobs), so the request still succeeds and nothing is lost.
 */
export async function enqueueJobRecord(queue: JobQueue, job: { id: string; type: string; payload: string }): Promise<void> {
  try {
    await queue.enqueue(job.type as JobName, JSON.parse(job.payload), job.id);
  } catch (error) {
    logger().warn({ jobId: job.id, err: error }, "queuing the job failed; the worker will recover it");
  }
}
