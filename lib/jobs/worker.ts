import { DelayedError, UnrecoverableError, Worker, type Job as QueueJob } from "bullmq";
import { Redis } from "ioredis";
import type { Database } from "../database/client";
import { withLogContext } from "../logging/log-context";
import { logger } from "../logging/logger";
import { recordProvisioningSeconds } from "../operations/provisioning-latency";
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
import { jobDefinitionOf, jobRegistry, queueName } from "./registry";

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

/** How long close() waits for running jobs to finish (and for Redis) before it gives up. */
export const workerCloseTimeoutMs = 7000;

/** How soon a job waiting for its turn (a server's next slot) is asked again. */
const notReadyDelayMs = 500;

async function processJob(queueJob: QueueJob, options: JobWorkerOptions, redis: Redis, token?: string): Promise<void> {
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
  const log = logger().child({ job: queueJob.name, attempt });
  log.info("job started");
  try {
    const handler = await definition.handler();
    await handler(parsed.data, context);
    const { createdAt, finishedAt } = await markJobCompleted(database, jobRecordId);
    log.info({ ms: finishedAt.getTime() - createdAt.getTime() }, "job completed");
    if (queueJob.name === jobRegistry.provisionServer.name) {
      // Its job is written with the order, so its age at the end is the order-to-running time.
      await recordProvisioningSeconds(redis, (finishedAt.getTime() - createdAt.getTime()) / 1000).catch((error: unknown) =>
        log.warn({ err: error }, "recording the provisioning time failed"),
      );
    }
  } catch (error) {
    const permanent = isPermanentFailure(error);
    const final = permanent || attempt >= (queueJob.opts.attempts ?? 1);
    const failure = describeFailure({ error, action: definition.publicName(parsed.data), jobId: jobRecordId });
    log[final ? "error" : "warn"]({ final, error: failure.detail }, "job attempt failed");
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
  connection.on("error", (error) => logger().error({ err: error }, "worker redis connection"));
  // Every line logged while a job runs, and each agent call it makes, names the job's row id.
  const jobIdOf = (queueJob: QueueJob) => (queueJob.data as { jobRecordId?: string }).jobRecordId ?? queueJob.id;
  const worker = new Worker(queueName, (queueJob, token) => withLogContext({ jobId: jobIdOf(queueJob) }, () => processJob(queueJob, options, connection, token)), {
    connection,
    concurrency: options.concurrency ?? 4,
  });
  worker.on("error", (error) => logger().error({ err: error }, "job worker"));
  return {
    async close() {
      // BullMQ's close waits for running jobs and for Redis: with Redis gone it would wait for
      // ever. Past the bound, jobs still running are left to stall and be picked up again.
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, workerCloseTimeoutMs)));
      await Promise.race([worker.close(), bound]);
      clearTimeout(timer);
      connection.disconnect();
    },
  };
}
