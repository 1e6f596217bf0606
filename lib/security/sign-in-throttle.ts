import type { Database } from "../database/client";
import { panelServices } from "../http/panel-services";

/*
 * Two brakes on password and code guessing:
 *  - per account (in the database, so every panel process agrees): after 5 failed sign-ins the
 *    account is locked for 15 minutes, even for the right password. The count restarts after a
 *    lockout and after every successful sign-in.
 *  - per client IP (in this process's memory): after 20 failures in 10 minutes the IP is refused
 *    until the window ends. Only failures count, so a busy office (or an e2e suite) signing in
 *    many times from one address is never refused. The IP comes from X-Forwarded-For, which a
 *    client can forge when the panel is not behind a proxy that sets it; the account lockout
 *    still holds then.
 */

export const maxFailedSignIns = 5;
export const lockoutMs = 15 * 60_000;

type UserWriter = Pick<Database, "user">;

/** When the account's lockout ends, or null when it is not locked at `now`. */
export function lockedUntil(user: { lockedUntil: Date | null }, now: Date): Date | null {
  return user.lockedUntil && user.lockedUntil > now ? user.lockedUntil : null;
}

/**
 * Counts one failed sign-in for the account. The increment is done by the database, so
 * concurrent guesses all count; the one that reaches the limit locks the account.
 * Returns the lockout's end when this failure caused one.
 */
export async function countFailedSignIn(database: UserWriter, userId: string, now: Date): Promise<Date | null> {
  const { failedSignIns } = await database.user.update({
    where: { id: userId },
    data: { failedSignIns: { increment: 1 } },
    select: { failedSignIns: true },
  });
  if (failedSignIns < maxFailedSignIns) return null;
  const until = new Date(now.getTime() + lockoutMs);
  await database.user.update({ where: { id: userId }, data: { lockedUntil: until, failedSignIns: 0 } });
  return until;
}

/** A successful sign-in clears the failure count and any expired lockout. */
export async function clearFailedSignIns(database: UserWriter, userId: string): Promise<void> {
  await database.user.update({ where: { id: userId }, data: { failedSignIns: 0, lockedUntil: null } });
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
