import { z } from "zod";

// How usage is kept: a bucket per minute for two days and per hour for 90 days, each counting
// what the server used in it. Graphs read the finest resolution that covers their period.

export const resolutions = { minute: 60_000, hour: 3_600_000 } as const;
export type Resolution = keyof typeof resolutions;

export const retentionMs: Record<Resolution, number> = { minute: 2 * 24 * 3_600_000, hour: 90 * 24 * 3_600_000 };

export const usagePeriods = {
  "1h": { durationMs: 3_600_000, resolution: "minute" },
  "24h": { durationMs: 24 * 3_600_000, resolution: "minute" },
  "7d": { durationMs: 7 * 24 * 3_600_000, resolution: "hour" },
  "30d": { durationMs: 30 * 24 * 3_600_000, resolution: "hour" },
} as const satisfies Record<string, { durationMs: number; resolution: Resolution }>;
export type UsagePeriod = keyof typeof usagePeriods;

export const ZUsagePeriod = z.enum(Object.keys(usagePeriods) as [UsagePeriod, ...UsagePeriod[]], { message: "must be 1h, 24h, 7d or 30d" });

/** The start of the bucket a moment falls in. */
export function bucketStart(time: Date, resolution: Resolution): Date {
  const size = resolutions[resolution];
  return new Date(Math.floor(time.getTime() / size) * size);
}

/** The calendar month (UTC) of a moment, as "2026-12". */
export function monthOf(time: Date): string {
  return time.toISOString().slice(0, 7);
}

export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month such as 2026-12");

/** The first moment of a month and of the one after it. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const [year = 0, monthNumber = 1] = month.split("-").map(Number);
  return { start: new Date(Date.UTC(year, monthNumber - 1, 1)), end: new Date(Date.UTC(year, monthNumber, 1)) };
}

/** A plan's monthly allowance in bytes (GB of 10^9 bytes); null is unlimited. */
export function allowanceBytes(plan: { monthlyTransferGb: number }): number | null {
  return plan.monthlyTransferGb > 0 ? plan.monthlyTransferGb * 1e9 : null;
}
