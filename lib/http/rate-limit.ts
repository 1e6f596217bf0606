import type { Redis } from "ioredis";
import { AppError } from "../errors";
import { logger } from "../logging/logger";

/*
 * Fixed windows counted in Redis (berth:rate:<key>), so every panel process shares one count per
 * credential or address. The window starts with its first request and ends when the key expires.
 * One script per hit: INCR and, for a new window, PEXPIRE happen together, so no key is left
 * without an expiry when a panel dies between the two.
 */
const countScript = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
local ttl = redis.call("PTTL", KEYS[1])
if ttl < 0 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

/** How long a hit waits for Redis before its limit is skipped (or, for sign-in, refused). */
export const rateLimitRedisTimeoutMs = 1000;

export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends. */
  remainingMs: number;
}

/** A Redis command's answer, or a rejection once it took longer than rateLimitRedisTimeoutMs. */
export function withinRedisTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${rateLimitRedisTimeoutMs} ms`)), rateLimitRedisTimeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Counts one hit on `key` in its window; throws when Redis cannot be reached. */
export async function countInWindow(redis: Redis, key: string, windowMs: number): Promise<WindowCount> {
  const [count, remainingMs] = (await withinRedisTimeout(redis.eval(countScript, 1, `berth:rate:${key}`, windowMs))) as [number, number];
  return { count, remainingMs };
}

/** The hits counted on `key` in its current window, without adding one; throws when Redis cannot be reached. */
export async function readWindow(redis: Redis, key: string): Promise<WindowCount> {
  const [count, remainingMs] = await withinRedisTimeout(Promise.all([redis.get(`berth:rate:${key}`), redis.pttl(`berth:rate:${key}`)]));
  return { count: Number(count ?? 0), remainingMs: Math.max(0, remainingMs) };
}

/**
 * Refuses the request with 429 (and Retry-After) once `key` has more than `limit` hits in its
 * window. These limits only keep a runaway script in check, so while Redis is unreachable they
 * are skipped with a logged warning rather than taking the API down with Redis.
 */
export async function enforceRateLimit(redis: Redis, key: string, limit: number, windowMs = 60_000): Promise<void> {
  let window: WindowCount;
  try {
    window = await countInWindow(redis, key, windowMs);
  } catch (error) {
    logger().warn({ err: error, key }, "rate limit skipped: Redis unreachable");
    return;
  }
  if (window.count > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil(window.remainingMs / 1000));
    throw new AppError("rate_limited", 429, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
