import { z } from "zod";
import type { Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import type { Database } from "../database/client";
import { allowanceBytes, monthBounds, monthOf } from "./usage-periods";

export const ZMonthlyUsageResource = z.object({
  month: z.string().describe("the calendar month (UTC), e.g. 2026-12"),
  periodStart: z.string(),
  periodEnd: z.string().describe("the first moment of the next month, when the allowance starts again"),
  rxBytes: z.number().describe("received by the server"),
  txBytes: z.number().describe("sent by the server"),
  transferBytes: z.number().describe("rxBytes + txBytes: what the allowance counts"),
  allowanceBytes: z.number().nullable().describe("the plan's monthly allowance; null: unlimited"),
  remainingBytes: z.number().nullable(),
  usedPercent: z.number().nullable(),
  cpuSeconds: z.number(),
  limit: z
    .object({ action: z.enum(["throttled", "suspended"]), throttleMbps: z.number().int().nullable() })
    .nullable()
    .describe("what happened once the allowance was used, until the month ends"),
});
export type TMonthlyUsageResource = z.infer<typeof ZMonthlyUsageResource>;

/** A server's transfer and CPU time in a month (this one by default), for billing systems and its page. */
export async function readMonthlyUsage({ database, actor, serverId, month, now = new Date() }: { database: Database; actor: Actor; serverId: string; month?: string; now?: Date }): Promise<TMonthlyUsageResource> {
  const server = await findServerFor(database, actor, serverId);
  const chosen = month ?? monthOf(now);
  const transfer = await database.serverTransfer.findUnique({ where: { serverId_month: { serverId: server.id, month: chosen } } });
  const rxBytes = transfer?.rxBytes ?? 0;
  const txBytes = transfer?.txBytes ?? 0;
  const transferBytes = rxBytes + txBytes;
  const allowance = allowanceBytes(server.plan);
  const { start, end } = monthBounds(chosen);
  const action = server.transferLimitedMonth === chosen ? (server.transferLimitAction as "throttled" | "suspended" | null) : null;
  return {
    month: chosen,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    rxBytes,
    txBytes,
    transferBytes,
    allowanceBytes: allowance,
    remainingBytes: allowance === null ? null : Math.max(0, allowance - transferBytes),
    usedPercent: allowance === null ? null : Math.round((10_000 * transferBytes) / allowance) / 100,
    cpuSeconds: transfer?.cpuSeconds ?? 0,
    limit: action ? { action, throttleMbps: action === "throttled" ? server.plan.transferThrottleMbps : null } : null,
  };
}
