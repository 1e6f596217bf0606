import { Redis } from "ioredis";
import { outsideLogContext } from "../logging/log-context";
import { logger } from "../logging/logger";

// The panel's connection for readiness probes, metric scrapes and the shared rate limits
// (lib/http/rate-limit.ts): one per process; each command is tried once, and callers bound how
// long they wait (a probe must answer while Redis is down).
const shared = globalThis as unknown as { berthOperationsRedis?: Redis };

export function operationsRedis(redisUrl: string): Redis {
  shared.berthOperationsRedis ??= outsideLogContext(() => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 1000 });
    redis.on("error", (error) => logger().warn({ err: error }, "operations redis connection"));
    return redis;
  });
  return shared.berthOperationsRedis;
}
