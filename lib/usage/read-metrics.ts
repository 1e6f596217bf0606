import { z } from "zod";
import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { findServerFor } from "../access/server-scope";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { UsageSample } from "../generated/prisma/client";
import { usagePeriods, type UsagePeriod } from "./usage-periods";

export const ZMetricsPoint = z.object({
  time: z.string().describe("the bucket's start, ISO 8601"),
  cpuPercent: z.number().nullable().describe("CPU time used in the bucket, in percent of one CPU (200 = two CPUs busy); null without a measured interval"),
  memoryBytes: z.number().describe("the highest memory use seen in the bucket (without reclaimable cache)"),
  diskBytes: z.number().describe("disk in use at the bucket's last reading"),
  ioReadBytesPerSecond: z.number().nullable(),
  ioWriteBytesPerSecond: z.number().nullable(),
  rxBytesPerSecond: z.number().nullable().describe("received by the server"),
  txBytesPerSecond: z.number().nullable().describe("sent by the server"),
});
export type TMetricsPoint = z.infer<typeof ZMetricsPoint>;

export const ZMetricsResource = z.object({
  period: z.enum(Object.keys(usagePeriods) as [UsagePeriod, ...UsagePeriod[]]),
  resolution: z.enum(["minute", "hour"]),
  from: z.string(),
  to: z.string(),
  points: z.array(ZMetricsPoint).describe("oldest first; buckets without readings are left out"),
});
export type TMetricsResource = z.infer<typeof ZMetricsResource>;

/** What a point is made of: one bucket, or (for a host) several added up. */
type BucketTotals = Pick<UsageSample, "bucket" | "seconds" | "cpuSeconds" | "memoryBytes" | "diskBytes" | "ioReadBytes" | "ioWriteBytes" | "rxBytes" | "txBytes">;

function toPoint(totals: BucketTotals): TMetricsPoint {
  const rate = (value: number) => (totals.seconds > 0 ? value / totals.seconds : null);
  return {
    time: totals.bucket.toISOString(),
    cpuPercent: totals.seconds > 0 ? (100 * totals.cpuSeconds) / totals.seconds : null,
    memoryBytes: totals.memoryBytes,
    diskBytes: totals.diskBytes,
    ioReadBytesPerSecond: rate(totals.ioReadBytes),
    ioWriteBytesPerSecond: rate(totals.ioWriteBytes),
    rxBytesPerSecond: rate(totals.rxBytes),
    txBytesPerSecond: rate(totals.txBytes),
  };
}

function window(period: UsagePeriod, now: Date) {
  const { durationMs, resolution } = usagePeriods[period];
  return { resolution, from: new Date(now.getTime() - durationMs), to: now };
}

/** A server's graphs for a period, for anyone who may see the server (404 otherwise). */
export async function readServerMetrics({ database, actor, serverId, period, now = new Date() }: { database: Database; actor: Actor; serverId: string; period: UsagePeriod; now?: Date }): Promise<TMetricsResource> {
  const server = await findServerFor(database, actor, serverId);
  const { resolution, from, to } = window(period, now);
  const samples = await database.usageSample.findMany({ where: { serverId: server.id, resolution, bucket: { gte: from, lte: to } }, orderBy: { bucket: "asc" } });
  return { period, resolution, from: from.toISOString(), to: to.toISOString(), points: samples.map(toPoint) };
}

/**
 * A host's graphs (admins): its servers' buckets added up. CPU is then in percent of one of the
 * host's CPUs, rates are the sums of the servers' rates (each over its own measured interval).
 */
export async function readHostMetrics({ database, actor, hostId, period, now = new Date() }: { database: Database; actor: Actor; hostId: string; period: UsagePeriod; now?: Date }): Promise<TMetricsResource> {
  requireAdmin(actor, "hosts");
  if (!(await database.host.findUnique({ where: { id: hostId }, select: { id: true } }))) throw new AppError("not_found", 404, `host ${hostId} not found`);
  const { resolution, from, to } = window(period, now);
  const samples = await database.usageSample.findMany({ where: { hostId, resolution, bucket: { gte: from, lte: to } }, orderBy: { bucket: "asc" } });
  const buckets = new Map<number, TMetricsPoint>();
  for (const sample of samples) {
    const point = toPoint(sample);
    const sum = buckets.get(sample.bucket.getTime());
    if (!sum) {
      buckets.set(sample.bucket.getTime(), point);
      continue;
    }
    const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
    buckets.set(sample.bucket.getTime(), {
      time: sum.time,
      cpuPercent: add(sum.cpuPercent, point.cpuPercent),
      memoryBytes: sum.memoryBytes + point.memoryBytes,
      diskBytes: sum.diskBytes + point.diskBytes,
      ioReadBytesPerSecond: add(sum.ioReadBytesPerSecond, point.ioReadBytesPerSecond),
      ioWriteBytesPerSecond: add(sum.ioWriteBytesPerSecond, point.ioWriteBytesPerSecond),
      rxBytesPerSecond: add(sum.rxBytesPerSecond, point.rxBytesPerSecond),
      txBytesPerSecond: add(sum.txBytesPerSecond, point.txBytesPerSecond),
    });
  }
  return { period, resolution, from: from.toISOString(), to: to.toISOString(), points: [...buckets.values()] };
}
