import type { ContainerUsage } from "../../agent/types";
import type { Database } from "../database/client";
import { isUniqueViolation } from "../database/unique-violation";
import { bucketStart, monthOf, type Resolution } from "./usage-periods";

const counterKeys = ["cpuSeconds", "ioReadBytes", "ioWriteBytes", "rxBytes", "txBytes"] as const;
type Counters = Record<(typeof counterKeys)[number], number>;

/** What a reading adds to the month (for the allowance check). */
export interface RecordedUsage {
  month: string;
  rxBytes: number;
  txBytes: number;
}

/**
 * Turns one agent reading of a server into usage: the difference from the last reading taken
 * goes into its minute and hour buckets and its month. The cursor moves with a conditional
 * update in the same transaction, so a reading is counted exactly once even when two workers
 * collect at the same moment; an older or equal reading is skipped. The agent's counters only
 * grow, so a smaller one means the agent lost them (a new data folder): the new value is counted.
 */
export async function recordUsage(database: Database, server: { id: string; hostId: string }, reading: ContainerUsage, sampledAt: Date): Promise<RecordedUsage | null> {
  const counters: Counters = Object.fromEntries(counterKeys.map((key) => [key, reading[key]])) as Counters;
  try {
    return await database.$transaction(async (transaction) => {
      const cursor = await transaction.usageCursor.findUnique({ where: { serverId: server.id } });
      if (cursor && sampledAt <= cursor.sampledAt) return null;
      const previous = cursor ? (JSON.parse(cursor.counters) as Counters) : null;
      const delta = Object.fromEntries(
        counterKeys.map((key) => {
          const difference = counters[key] - (previous?.[key] ?? 0);
          return [key, difference < 0 ? counters[key] : difference];
        }),
      ) as Counters;
      const cursorData = { sampledAt, counters: JSON.stringify(counters), drops: JSON.stringify(reading.drops) };
      if (cursor) {
        const moved = await transaction.usageCursor.updateMany({ where: { serverId: server.id, sampledAt: cursor.sampledAt }, data: cursorData });
        if (moved.count !== 1) return null;
      } else {
        await transaction.usageCursor.create({ data: { serverId: server.id, ...cursorData } });
      }
      const seconds = cursor ? (sampledAt.getTime() - cursor.sampledAt.getTime()) / 1000 : 0;
      for (const resolution of ["minute", "hour"] as Resolution[]) {
        const bucket = bucketStart(sampledAt, resolution);
        const key = { serverId_resolution_bucket: { serverId: server.id, resolution, bucket } };
        const existing = await transaction.usageSample.findUnique({ where: key });
        const increments = Object.fromEntries(counterKeys.map((name) => [name, { increment: delta[name] }]));
        await transaction.usageSample.upsert({
          where: key,
          create: { serverId: server.id, hostId: server.hostId, resolution, bucket, seconds, ...delta, memoryBytes: reading.memoryBytes, diskBytes: reading.diskBytes },
          // Memory is the bucket's peak, disk its last reading.
          update: { ...increments, seconds: { increment: seconds }, memoryBytes: Math.max(existing?.memoryBytes ?? 0, reading.memoryBytes), diskBytes: reading.diskBytes },
        });
      }
      const month = monthOf(sampledAt);
      const transfer = await transaction.serverTransfer.upsert({
        where: { serverId_month: { serverId: server.id, month } },
        create: { serverId: server.id, month, rxBytes: delta.rxBytes, txBytes: delta.txBytes, cpuSeconds: delta.cpuSeconds },
        update: { rxBytes: { increment: delta.rxBytes }, txBytes: { increment: delta.txBytes }, cpuSeconds: { increment: delta.cpuSeconds } },
      });
      return { month, rxBytes: transfer.rxBytes, txBytes: transfer.txBytes };
    });
  } catch (error) {
    // Two workers took a server's first reading at once: the other one counted it.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
