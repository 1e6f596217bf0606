import { isIP, isIPv6 } from "node:net";
import type { Database } from "../database/client";
import { isUniqueViolation } from "../database/unique-violation";
import type { Redis } from "ioredis";
import { panelServices } from "../http/panel-services";
import { withinRedisTimeout } from "../http/rate-limit";
import { logger } from "../logging/logger";

/*
 * Two brakes on password and code guessing:
 *  - per account AND address (in the database, SignInFailure, so every panel process agrees):
 *    the first 3 failures from an address on an account cost nothing; after that each further
 *    attempt from that address must wait 2, 4, 8, ... seconds (at most 15 minutes) after the
 *    previous failure. An attempt counts as a failure as soon as it starts (claimSignInAttempt)
 *    and is refunded when the password turns out right, so parallel guesses cannot slip in
 *    between the check and the count. A full sign-in from the address forgets its failures, and
 *    they are forgotten a day after the last one. There is no account-wide lockout: the owner,
 *    signing in from an address with no recent failures, is never delayed by someone else's
 *    guessing. An IPv6 address counts by its /64, which one subscriber usually holds whole.
 *  - per client IP (in Redis, so every panel process counts together): after 20 failures in 10
 *    minutes the IP is refused until the window ends, whatever account it tries. Only failures
 *    count, so a busy office (or an e2e suite) signing in many times from one address is never
 *    refused. When Redis cannot be reached, sign-in is refused for a minute (fails closed).
 * The IP comes from X-Forwarded-For (lib/http/client-address.ts), which a client can forge when
 * the panel is not behind a proxy that sets it.
 */

/** Failures from one address on one account before any delay. */
export const freeSignInFailures = 3;
export const maxSignInDelayMs = 15 * 60_000;
/** A day after an address's last failure on an account, its count starts again. */
export const signInFailureMemoryMs = 24 * 60 * 60_000;

type ThrottleWriter = Pick<Database, "signInFailure">;

/** How long an address must wait after its `failures`-th failure: 0 for the first 3, then 2 s, 4 s, 8 s, ... up to 15 minutes. */
export function signInDelayMs(failures: number): number {
  if (failures < freeSignInFailures) return 0;
  return Math.min(2 ** Math.min(failures - freeSignInFailures + 1, 30) * 1000, maxSignInDelayMs);
}

/** The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64, no address as "unknown", anything else as "invalid". */
export function signInThrottleAddress(ipAddress: string | null): string {
  const address = ipAddress?.trim().replace(/%.*$/, "").toLowerCase();
  if (!address) return "unknown";
  if (!isIP(address)) return "invalid";
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  const [head = "", tail] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  // An embedded IPv4 address at the end stands for two groups.
  const tailLength = tailGroups.reduce((length, group) => length + (group.includes(".") ? 2 : 1), 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailLength)).fill("0"), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/** An attempt counted as a failure in advance; settled by refundSignInAttempt or forgetSignInFailures. */
export interface SignInClaim {
  userId: string;
  address: string;
  failures: number;
  lastFailureAt: Date;
  /** The row as it was before this claim, or null when there was none (or it had expired). */
  previous: { failures: number; lastFailureAt: Date } | null;
}

/**
 * Starts an attempt from `address` on an account: either the seconds it must still wait (nothing
 * is counted then), or a claim that already counts it as a failure. The count is a conditional
 * write on the row as read, so concurrent attempts each count once.
 */
export async function claimSignInAttempt(database: ThrottleWriter, userId: string, address: string, now: Date): Promise<{ retryAfterSeconds: number } | { claim: SignInClaim }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await database.signInFailure.findUnique({ where: { userId_address: { userId, address } } });
    const live = row && now.getTime() - row.lastFailureAt.getTime() < signInFailureMemoryMs ? row : null;
    if (live) {
      const waitMs = live.lastFailureAt.getTime() + signInDelayMs(live.failures) - now.getTime();
      if (waitMs > 0) return { retryAfterSeconds: Math.ceil(waitMs / 1000) };
    }
    const failures = (live?.failures ?? 0) + 1;
    if (!row) {
      // A new row: also drop this account's rows that have expired, so the table stays small.
      await database.signInFailure.deleteMany({ where: { userId, lastFailureAt: { lt: new Date(now.getTime() - signInFailureMemoryMs) } } });
      try {
        await database.signInFailure.create({ data: { userId, address, failures, lastFailureAt: now } });
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    } else {
      const { count } = await database.signInFailure.updateMany({ where: { userId, address, failures: row.failures, lastFailureAt: row.lastFailureAt }, data: { failures, lastFailureAt: now } });
      if (count === 0) continue;
    }
    return { claim: { userId, address, failures, lastFailureAt: now, previous: live ? { failures: live.failures, lastFailureAt: live.lastFailureAt } : null } };
  }
  // Other attempts from this address keep winning the race: it is guessing in parallel.
  return { retryAfterSeconds: 1 };
}

/** Takes back a claim that was no failure after all (the password was right, the code step or a suspension follows), unless a later attempt changed the row. */
export async function refundSignInAttempt(database: ThrottleWriter, claim: SignInClaim): Promise<void> {
  const where = { userId: claim.userId, address: claim.address, failures: claim.failures, lastFailureAt: claim.lastFailureAt };
  if (claim.previous) await database.signInFailure.updateMany({ where, data: claim.previous });
  else await database.signInFailure.deleteMany({ where });
}

/** A full sign-in from an address forgets that address's failures on the account (other addresses keep theirs). */
export async function forgetSignInFailures(database: ThrottleWriter, userId: string, address: string): Promise<void> {
  await database.signInFailure.deleteMany({ where: { userId, address } });
}

// One window per IP: a hash {startedAt, failures} that expires with its window. The caller's clock
// decides (tests move it), Redis's expiry only cleans up.
const checkScript = `
local window = redis.call("HMGET", KEYS[1], "startedAt", "failures")
local startedAt, failures = tonumber(window[1]), tonumber(window[2])
local now, windowMs, maxFailures = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if not startedAt or now - startedAt >= windowMs or failures < maxFailures then return 0 end
return math.max(1, math.ceil((startedAt + windowMs - now) / 1000))`;

const failureScript = `
local startedAt = tonumber(redis.call("HGET", KEYS[1], "startedAt"))
local now, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])
if not startedAt or now - startedAt >= windowMs then
  redis.call("HSET", KEYS[1], "startedAt", now, "failures", 1)
  redis.call("PEXPIRE", KEYS[1], windowMs)
else
  redis.call("HINCRBY", KEYS[1], "failures", 1)
end
return 1`;

/** How long sign-in is refused while Redis cannot count failures. */
const unavailableRetrySeconds = 60;

export class IpSignInThrottle {
  /** `scope` separates throttles sharing one Redis (every panel uses "sign-in-ip"; tests their own). */
  constructor(
    private readonly redis: Redis,
    readonly maxFailures = 20,
    readonly windowMs = 10 * 60_000,
    private readonly scope = "sign-in-ip",
  ) {}

  private key(ip: string): string {
    return `berth:rate:${this.scope}:${ip}`;
  }

  /** Seconds until this IP may try again, or 0 when it may try now; refuses while Redis is unreachable. */
  async retryAfterSeconds(ip: string, now = Date.now()): Promise<number> {
    try {
      return Number(await withinRedisTimeout(this.redis.eval(checkScript, 1, this.key(ip), now, this.windowMs, this.maxFailures)));
    } catch (error) {
      logger().error({ err: error }, "sign-in refused: Redis unreachable for the per-address throttle");
      return unavailableRetrySeconds;
    }
  }

  async recordFailure(ip: string, now = Date.now()): Promise<void> {
    try {
      await withinRedisTimeout(this.redis.eval(failureScript, 1, this.key(ip), now, this.windowMs));
    } catch (error) {
      logger().warn({ err: error }, "sign-in failure not counted: Redis unreachable");
    }
  }
}

// One per panel process, on the panel's shared Redis connection.
const globalForThrottle = globalThis as unknown as { berthSignInThrottle?: IpSignInThrottle };

export function ipSignInThrottle(): IpSignInThrottle {
  const services = panelServices();
  globalForThrottle.berthSignInThrottle ??= new IpSignInThrottle(services.redis, services.settings.signInIpLimit);
  return globalForThrottle.berthSignInThrottle;
}
