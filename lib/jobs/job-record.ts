import type { Database } from "../database/client";
import type { JobFailure } from "./failure-kind";

/** The Job row is what the panel shows; these keep it in step with the BullMQ job. */
/** False when the row has already finished (a queued action dropped by a provider's suspend or terminate): it must not run. */
export async function markJobRunning(database: Database, jobRecordId: string, attempt: number): Promise<boolean> {
  const marked = await database.job.updateMany({
    where: { id: jobRecordId, state: { in: ["queued", "running"] } },
    data: { state: "running", attempts: attempt, error: null, publicError: null },
  });
  return marked.count === 1;
}

export async function markJobProgress(database: Database, jobRecordId: string, progress: number, step: string): Promise<void> {
  await database.job.update({ where: { id: jobRecordId }, data: { progress, step } });
}

export async function completedStepsOf(database: Database, jobRecordId: string): Promise<string[]> {
  const job = await database.job.findUniqueOrThrow({ where: { id: jobRecordId }, select: { completedSteps: true } });
  return JSON.parse(job.completedSteps) as string[];
}

export async function markStepCompleted(database: Database, jobRecordId: string, step: string): Promise<void> {
  const steps = await completedStepsOf(database, jobRecordId);
  if (!steps.includes(step)) {
    await database.job.update({ where: { id: jobRecordId }, data: { completedSteps: JSON.stringify([...steps, step]) } });
  }
}

export async function noteAgentOperation(database: Database, jobRecordId: string, operationId: string): Promise<void> {
  const job = await database.job.findUniqueOrThrow({ where: { id: jobRecordId }, select: { agentOperationIds: true } });
  const operations = JSON.parse(job.agentOperationIds) as string[];
  if (!operations.includes(operationId)) {
    await database.job.update({ where: { id: jobRecordId }, data: { agentOperationIds: JSON.stringify([...operations, operationId]) } });
  }
}

/** Answers when the row was written and finished (a provisioning job's order-to-running time). */
export async function markJobCompleted(database: Database, jobRecordId: string): Promise<{ createdAt: Date; finishedAt: Date }> {
  const finishedAt = new Date();
  const { createdAt } = await database.job.update({
    where: { id: jobRecordId },
    data: { state: "completed", progress: 100, step: "done", error: null, publicError: null, finishedAt },
    select: { createdAt: true },
  });
  return { createdAt, finishedAt };
}

/**
 * Records an attempt's error (the detail for admins, the public text for everyone else); the job
 * stays "running" (waiting to retry) unless this failure is final.
 */
export async function markJobFailed(database: Database, jobRecordId: string, failure: JobFailure, final: boolean): Promise<void> {
  const recorded = { error: failure.detail, publicError: failure.publicText };
  await database.job.update({
    where: { id: jobRecordId },
    data: final ? { state: "failed", ...recorded, finishedAt: new Date() } : recorded,
  });
}
