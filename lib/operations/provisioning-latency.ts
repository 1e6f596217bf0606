import type { Redis } from "ioredis";

// Order to running, in seconds: the worker adds each provisioned server here as its job ends, so
// the histogram is shared by every worker and survives restarts (Redis keeps it with the queue).
export const provisioningBucketsSeconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800] as const;
const histogramKey = "berth:metrics:provisioning-seconds";

export interface ProvisioningHistogram {
  /** Cumulative counts: servers that took at most `le` seconds. */
  buckets: Array<{ le: number; count: number }>;
  count: number;
  sum: number;
}

export async function recordProvisioningSeconds(redis: Redis, seconds: number): Promise<void> {
  const update = redis.multi();
  for (const le of provisioningBucketsSeconds) if (seconds <= le) update.hincrby(histogramKey, String(le), 1);
  update.hincrby(histogramKey, "count", 1);
  update.hincrbyfloat(histogramKey, "sum", seconds);
  await update.exec();
}

export async function readProvisioningHistogram(redis: Redis): Promise<ProvisioningHistogram> {
  const fields = await redis.hgetall(histogramKey);
  const number = (field: string) => Number(fields[field] ?? 0);
  return {
    buckets: provisioningBucketsSeconds.map((le) => ({ le, count: number(String(le)) })),
    count: number("count"),
    sum: number("sum"),
  };
}
