import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { outsideLogContext } from "../logging/log-context";
import { logger } from "../logging/logger";
import { jobRegistry, queueName, type JobName, type JobPayload } from "./registry";

export interface JobQueue {
  /** Queues a job for a Job row; the row id is the BullMQ job id, so queuing it twice is a no-op. */
  enqueue<Name extends JobName>(name: Name, payload: JobPayload<Name>, jobRecordId: string): Promise<void>;
  /**
   * Queues a Job row again after it failed for good (an admin's retry). BullMQ ignores add()
   * for an id it still holds (in its failed set), so the old BullMQ job is removed first.
   */
  requeue<Name extends JobName>(name: Name, payload: JobPayload<Name>, jobRecordId: string): Promise<void>;
  /** Where BullMQ has a Job row's job: its state ("missing" when it holds none) and, once failed, why. */
  inspect(jobRecordId: string): Promise<QueuedJobState>;
  /** Takes a Job row's job out of BullMQ; "locked" while a live worker runs it (it cannot be taken then). */
  remove(jobRecordId: string): Promise<"removed" | "missing" | "locked">;
  /** How many jobs BullMQ holds in each state now (berth_queue_depth). */
  depth(): Promise<Record<QueueDepthState, number>>;
  close(): Promise<void>;
}

export const queueDepthStates = ["waiting", "active", "delayed", "failed"] as const;
export type QueueDepthState = (typeof queueDepthStates)[number];

export interface QueuedJobState {
  state: "missing" | "waiting" | "delayed" | "prioritized" | "active" | "completed" | "failed" | "unknown";
  failedReason: string | null;
  /** When BullMQ settled it (ms since the epoch), for completed and failed jobs. */
  finishedOn: number | null;
}

// Callers (a web request, a webhook) must not hang on Redis: a job row not queued in time is
// recovered by the worker (recoverUnfinishedJobs), so giving up here loses nothing.
const enqueueTimeoutMs = 5000;

function withTimeout<T>(work: Promise<T>, milliseconds: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), milliseconds);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createJobQueue(redisUrl: string): JobQueue {
  // Producers fail fast when Redis is down instead of buffering commands in memory.
  const connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on("error", (error) => logger().error({ err: error }, "queue redis connection"));
  const queue = new Queue(queueName, { connection });
  queue.on("error", (error) => logger().error({ err: error }, "job queue"));

  async function add<Name extends JobName>(name: Name, payload: JobPayload<Name>, jobRecordId: string) {
    const definition = jobRegistry[name];
    const data = { ...definition.payload.parse(payload), jobRecordId };
    await queue.waitUntilReady();
    await queue.add(name, data, {
      jobId: jobRecordId,
      attempts: definition.attempts,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
  }

  return {
    async enqueue(name, payload, jobRecordId) {
      await withTimeout(add(name, payload, jobRecordId), enqueueTimeoutMs, `redis did not answer within ${enqueueTimeoutMs} ms`);
    },
    async requeue(name, payload, jobRecordId) {
      const removeThenAdd = async () => {
        await queue.waitUntilReady();
        try {
          // Resolves 0 when BullMQ no longer has the job (trimmed by removeOnFail): nothing to remove.
          await queue.remove(jobRecordId);
        } catch (error) {
          if (!/not found|missing/i.test((error as Error).message)) throw error;
        }
        await add(name, payload, jobRecordId);
      };
      await withTimeout(removeThenAdd(), enqueueTimeoutMs, `redis did not answer within ${enqueueTimeoutMs} ms`);
    },
    async inspect(jobRecordId) {
      const lookUp = async (): Promise<QueuedJobState> => {
        await queue.waitUntilReady();
        const queued = await queue.getJob(jobRecordId);
        if (!queued) return { state: "missing", failedReason: null, finishedOn: null };
        const state = await queued.getState();
        const known = ["waiting", "delayed", "prioritized", "active", "completed", "failed"] as const;
        return {
          state: (known as readonly string[]).includes(state) ? (state as QueuedJobState["state"]) : "unknown",
          failedReason: queued.failedReason || null,
          finishedOn: queued.finishedOn ?? null,
        };
      };
      return withTimeout(lookUp(), enqueueTimeoutMs, `redis did not answer within ${enqueueTimeoutMs} ms`);
    },
    async remove(jobRecordId) {
      const take = async () => {
        await queue.waitUntilReady();
        if (!(await queue.getJob(jobRecordId))) return "missing" as const;
        // 0 means a worker holds the job's lock: it is running, not stuck.
        return (await queue.remove(jobRecordId)) === 1 ? ("removed" as const) : ("locked" as const);
      };
      return withTimeout(take(), enqueueTimeoutMs, `redis did not answer within ${enqueueTimeoutMs} ms`);
    },
    async depth() {
      const count = async () => {
        await queue.waitUntilReady();
        const counts = await queue.getJobCounts(...queueDepthStates);
        return Object.fromEntries(queueDepthStates.map((state) => [state, counts[state] ?? 0])) as Record<QueueDepthState, number>;
      };
      return withTimeout(count(), enqueueTimeoutMs, `redis did not answer within ${enqueueTimeoutMs} ms`);
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

// The panel keeps one producer per process.
const globalForQueue = globalThis as unknown as { berthJobQueue?: JobQueue };

export function jobQueue(redisUrl: string): JobQueue {
  // Opened by whichever request comes first, kept by the process: its lines belong to no request.
  globalForQueue.berthJobQueue ??= outsideLogContext(() => createJobQueue(redisUrl));
  return globalForQueue.berthJobQueue;
}
