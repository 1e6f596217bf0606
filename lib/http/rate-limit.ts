import { AppError } from "../errors";

// A fixed window per credential, in this process's memory: enough to stop a runaway script.
// Several panel processes each count on their own (noted in README).
const windowMs = 60_000;
const windows = new Map<string, { startedAt: number; count: number }>();

export function enforceRateLimit(key: string, limitPerMinute: number, now = Date.now()): void {
  const window = windows.get(key);
  if (!window || now - window.startedAt >= windowMs) {
    windows.set(key, { startedAt: now, count: 1 });
    if (windows.size > 10_000) pruneExpired(now);
    return;
  }
  window.count++;
  if (window.count > limitPerMinute) {
    const retryAfterSeconds = Math.ceil((window.startedAt + windowMs - now) / 1000);
    throw new AppError("rate_limited", 429, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

function pruneExpired(now: number): void {
  for (const [key, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(key);
}
