import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { jobRegistry, queueName, type JobName, type JobPayload } from "./registry";

export interface JobQueue {
  /** Queues a job for a Job row; the row id is the BullMQ job id, so queuing it twice is a no-op. */
  enqueue<Name extends JobName>(name: Name, payload: JobPayload<Name>, jobRecordId: string): Promise<void>;
  close(): Promise<void>;
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
  connection.on("error", (error) => console.error(`[queue] redis: ${error.message}`));
  const queue = new Queue(queueName, { connection });
  queue.on("error", (error) => console.error(`[queue] ${error.message}`));

  return {
    async enqueue(name, payload, jobRecordId) {
      const definition = jobRegistry[name];
      const data = { ...definition.payload.parse(payload), jobRecordId };
      const add = async () => {
        await queue.waitUntilReady();
        await queue.add(name, data, {
          jobId: jobRecordId,
          attempts: definition.attempts,
          backoff: { type: "exponential", delay: 1000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        });
      };
      await withTimeout(add(), enqueueTimeoutMs, `redis did not answer within ${enqueueTimeoutMs} ms`);
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
  globalForQueue.berthJobQueue ??= createJobQueue(redisUrl);
  return globalForQueue.berthJobQueue;
}
