import type { Database } from "../database/client";

/** The Job row is what the panel shows; these keep it in step with the BullMQ job. */
export async function markJobRunning(database: Database, jobRecordId: string, attempt: number): Promise<void> {
  await database.job.update({ where: { id: jobRecordId }, data: { state: "running", attempts: attempt, error: null } });
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

export async function markJobCompleted(database: Database, jobRecordId: string): Promise<void> {
  await database.job.update({
    where: { id: jobRecordId },
    data: { state: "completed", progress: 100, step: "done", error: null, finishedAt: new Date() },
  });
}

/** Records an attempt's error; the job stays "running" (waiting to retry) unless this failure is final. */
export async function markJobFailed(database: Database, jobRecordId: string, error: string, final: boolean): Promise<void> {
  await database.job.update({
    where: { id: jobRecordId },
    data: final ? { state: "failed", error, finishedAt: new Date() } : { error },
  });
}
