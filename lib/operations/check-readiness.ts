import type { Redis } from "ioredis";
import type { Database } from "../database/client";

export type Dependency = "database" | "redis";

function answersWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([work.then(() => true, () => false), timeout]).finally(() => clearTimeout(timer));
}

/** The dependencies that did not answer a trivial query within `timeoutMs` (none: ready). */
export async function failedDependencies(options: { database: Database; redis: Redis; timeoutMs?: number }): Promise<Dependency[]> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const [database, redis] = await Promise.all([
    answersWithin(options.database.$queryRaw`SELECT 1`, timeoutMs),
    answersWithin(options.redis.ping(), timeoutMs),
  ]);
  return [...(database ? [] : ["database" as const]), ...(redis ? [] : ["redis" as const])];
}
