import { DelayedError, UnrecoverableError, Worker, type Job as QueueJob } from "bullmq";
import { Redis } from "ioredis";
import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";
import type { JobContext } from "./define-job";
import { describeFailure, isPermanentFailure } from "./failure-kind";
import { unexplainedFailureText } from "./job-error-for";
import {
  completedStepsOf,
  markJobCompleted,
  markJobFailed,
  markJobProgress,
  markJobRunning,
  markStepCompleted,
  noteAgentOperation,
} from "./job-record";
import { jobDefinitionOf, queueName } from "./registry";

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

/** How soon a job waiting for its turn (a server's next slot) is asked again. */
const notReadyDelayMs = 500;

async function processJob(queueJob: QueueJob, options: JobWorkerOptions, token?: string): Promise<void> {
  const { database, settings } = options;
  const definition = jobDefinitionOf(queueJob.name);
  const { jobRecordId, ...rawPayload } = queueJob.data as { jobRecordId?: string };
  if (!definition || !jobRecordId) throw new UnrecoverableError(`unknown job "${queueJob.name}" or missing job record`);

  const context = contextFor(database, settings, jobRecordId, queueJob);
  const attempt = queueJob.attemptsMade + 1;
  const parsed = definition.payload.safeParse(rawPayload);
  if (!parsed.success) {
    const failure = { detail: `invalid payload: ${parsed.error.message}`, publicText: unexplainedFailureText("request", jobRecordId) };
    await markJobFailed(database, jobRecordId, failure, true);
    throw new UnrecoverableError(`invalid payload for ${queueJob.name}`);
  }

  if (definition.isReady && !(await (await definition.isReady())(parsed.data, context))) {
    // Not an attempt: the job goes back to the delayed set and its row stays "queued".
    await queueJob.moveToDelayed(Date.now() + notReadyDelayMs, token);
    throw new DelayedError();
  }
  // A row that has already finished (dropped before it started) is not run.
  if (!(await markJobRunning(database, jobRecordId, attempt))) return;
  try {
    const handler = await definition.handler();
    await handler(parsed.data, context);
    await markJobCompleted(database, jobRecordId);
  } catch (error) {
    const permanent = isPermanentFailure(error);
    const final = permanent || attempt >= (queueJob.opts.attempts ?? 1);
    const failure = describeFailure({ error, action: definition.publicName(parsed.data), jobId: jobRecordId });
    console.error(`[worker] ${queueJob.name} ${jobRecordId} attempt ${attempt} failed${final ? " (final)" : ""}: ${failure.detail}`);
    if (final && definition.onFinalFailure) {
      // What the release writes on the server and order is read by customers: the public text.
      const release = await definition.onFinalFailure();
      await release(parsed.data, context, failure.publicText);
    }
    await markJobFailed(database, jobRecordId, failure, final);
    throw permanent ? new UnrecoverableError(failure.detail) : error;
  }
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  // Workers block on Redis, so their connection must retry forever (BullMQ's production guide).
  const connection = new Redis(options.settings.redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", (error) => console.error(`[worker] redis: ${error.message}`));
  const worker = new Worker(queueName, (queueJob, token) => processJob(queueJob, options, token), {
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
