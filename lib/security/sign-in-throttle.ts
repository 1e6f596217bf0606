import { isIP, isIPv6 } from "node:net";
import type { Database } from "../database/client";
import { isUniqueViolation } from "../database/unique-violation";
import { panelServices } from "../http/panel-services";

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
 *  - per client IP (in this process's memory): after 20 failures in 10 minutes the IP is refused
 *    until the window ends, whatever account it tries. Only failures count, so a busy office (or
 *    an e2e suite) signing in many times from one address is never refused.
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

export class IpSignInThrottle {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    readonly maxFailures = 20,
    readonly windowMs = 10 * 60_000,
  ) {}

  /** Seconds until this IP may try again, or 0 when it may try now. */
  retryAfterSeconds(ip: string, now = Date.now()): number {
    const window = this.windows.get(ip);
    if (!window || now - window.startedAt >= this.windowMs || window.failures < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  recordFailure(ip: string, now = Date.now()): void {
    const window = this.windows.get(ip);
    if (!window || now - window.startedAt >= this.windowMs) {
      this.windows.set(ip, { startedAt: now, failures: 1 });
      if (this.windows.size > 10_000) this.prune(now);
      return;
    }
    window.failures++;
  }

  private prune(now: number): void {
    for (const [ip, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(ip);
  }
}

// One per panel process; Next.js may re-evaluate modules in development, so keep it on globalThis.
const globalForThrottle = globalThis as unknown as { berthSignInThrottle?: IpSignInThrottle };

export function ipSignInThrottle(): IpSignInThrottle {
  globalForThrottle.berthSignInThrottle ??= new IpSignInThrottle(panelServices().settings.signInIpLimit);
  return globalForThrottle.berthSignInThrottle;
}
