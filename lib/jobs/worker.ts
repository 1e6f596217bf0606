import { UnrecoverableError, Worker, type Job as QueueJob } from "bullmq";
import { Redis } from "ioredis";
import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";
import type { JobContext, JobDefinition } from "./define-job";
import { failureMessage, isPermanentFailure } from "./failure-kind";
import {
  completedStepsOf,
  markJobCompleted,
  markJobFailed,
  markJobProgress,
  markJobRunning,
  markStepCompleted,
  noteAgentOperation,
} from "./job-record";
import { jobRegistry, queueName } from "./registry";
import type { z } from "zod";

export interface JobWorkerOptions {
  database: Database;
  settings: BerthSettings;
  concurrency?: number;
}

export interface JobWorker {
  close(): Promise<void>;
}

function contextFor(database: Database, settings: BerthSettings, jobRecordId: string, queueJob: QueueJob): JobContext {
  const reportProgress = async (progress: number, step: string) => {
    await markJobProgress(database, jobRecordId, progress, step);
    await queueJob.updateProgress({ progress, step });
  };
  return {
    database,
    settings,
    jobRecordId,
    reportProgress,
    noteAgentOperation: (operationId) => noteAgentOperation(database, jobRecordId, operationId),
    async runStep(step, progress, work) {
      if ((await completedStepsOf(database, jobRecordId)).includes(step)) return undefined;
      await reportProgress(progress, step);
      const result = await work();
      await markStepCompleted(database, jobRecordId, step);
      return result;
    },
  };
}

async function processJob(queueJob: QueueJob, options: JobWorkerOptions): Promise<void> {
  const { database, settings } = options;
  const definition = (jobRegistry as Record<string, JobDefinition<z.ZodType>>)[queueJob.name];
  const { jobRecordId, ...rawPayload } = queueJob.data as { jobRecordId?: string };
  if (!definition || !jobRecordId) throw new UnrecoverableError(`unknown job "${queueJob.name}" or missing job record`);

  const context = contextFor(database, settings, jobRecordId, queueJob);
  const attempt = queueJob.attemptsMade + 1;
  const parsed = definition.payload.safeParse(rawPayload);
  if (!parsed.success) {
    await markJobFailed(database, jobRecordId, `invalid payload: ${parsed.error.message}`, true);
    throw new UnrecoverableError(`invalid payload for ${queueJob.name}`);
  }

  await markJobRunning(database, jobRecordId, attempt);
  try {
    const handler = await definition.handler();
    await handler(parsed.data, context);
    await markJobCompleted(database, jobRecordId);
  } catch (error) {
    const permanent = isPermanentFailure(error);
    const final = permanent || attempt >= (queueJob.opts.attempts ?? 1);
    const message = failureMessage(error);
    console.error(`[worker] ${queueJob.name} ${jobRecordId} attempt ${attempt} failed${final ? " (final)" : ""}: ${message}`);
    if (final && definition.onFinalFailure) {
      const release = await definition.onFinalFailure();
      await release(parsed.data, context, message);
    }
    await markJobFailed(database, jobRecordId, message, final);
    throw permanent ? new UnrecoverableError(message) : error;
  }
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  // Workers block on Redis, so their connection must retry forever (BullMQ's production guide).
  const connection = new Redis(options.settings.redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", (error) => console.error(`[worker] redis: ${error.message}`));
  const worker = new Worker(queueName, (queueJob) => processJob(queueJob, options), {
    connection,
    concurrency: options.concurrency ?? 4,
  });
  worker.on("error", (error) => console.error(`[worker] ${error.message}`));
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
