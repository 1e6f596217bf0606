import { systemActor } from "../access/actor";
import { requestServerAction } from "../action-catalogue/request-server-action";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobQueue } from "../jobs/queue";
import type { BerthSettings } from "../settings";
import { allowanceBytes, monthOf } from "./usage-periods";
import { mailContextOf } from "../mail/queue-mail";
import { recordServerEvent } from "../notifications/server-events";

/** The reason a suspension for transfer carries; only a suspension with it is lifted when the month ends. */
export const transferSuspensionReason = "Monthly transfer allowance used";

export interface TransferContext {
  database: Database;
  queue: JobQueue;
  settings: Pick<BerthSettings, "encryptionKey" | "panelUrl" | "panelPort">;
}

/** The share of its allowance at which a server's customer is told it is nearly used. */
export const transferNoticeShare = 0.8;

/** What a usage.threshold event says besides the server. */
function thresholdDetails(plan: { transferOverageAction: string; transferThrottleMbps: number }, month: string, percent: number, usedBytes: number, allowance: number) {
  return { percent, month, usedBytes, allowanceBytes: allowance, action: plan.transferOverageAction, throttleMbps: plan.transferThrottleMbps };
}

/** Once a month, at 80 % of the allowance: the usage.threshold event (webhooks) and a mail to the customer. */
export async function noticeTransferNearlyUsed(context: TransferContext, serverId: string, month: string, usedBytes: number): Promise<void> {
  await context.database.$transaction(async (transaction) => {
    const claimed = await transaction.server.updateMany({ where: { id: serverId, OR: [{ transferNoticeMonth: null }, { transferNoticeMonth: { not: month } }] }, data: { transferNoticeMonth: month } });
    if (claimed.count !== 1) return;
    const { plan } = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
    const allowance = allowanceBytes(plan);
    if (allowance === null) return;
    const percent = Math.round(transferNoticeShare * 100);
    await recordServerEvent(transaction, mailContextOf(context.settings), { type: "usage.threshold", serverId, key: `${month}:${percent}`, details: thresholdDetails(plan, month, percent, usedBytes, allowance) });
  });
}

const serverInclude = { plan: true, host: true, owner: true } as const;

/**
 * Once a server's month has used its plan's allowance: throttle it to the plan's rate or
 * suspend it (as the provider), record which in the server's row with an audit event, and do
 * it once per month. The action comes first and the record after, so an action that failed
 * (agent down, server busy) is tried again at the next reading; both are idempotent.
 */
export async function enforceTransferAllowance(context: TransferContext, serverId: string, month: string, usedBytes: number): Promise<"throttled" | "suspended" | null> {
  const { database } = context;
  const server = await database.server.findUniqueOrThrow({ where: { id: serverId }, include: serverInclude });
  const allowance = allowanceBytes(server.plan);
  if (allowance === null || usedBytes < allowance || server.transferLimitedMonth === month || server.status === "terminated") return null;
  const action = server.plan.transferOverageAction === "suspend" ? "suspended" : "throttled";
  if (action === "throttled") {
    if (!server.host) return null;
    await agentForHost(server.host, context.settings.encryptionKey).throttleContainer(server.containerName, server.plan.transferThrottleMbps);
  } else {
    try {
      await requestServerAction({ ...context, actor: systemActor, serverId, input: { type: "suspend", reason: transferSuspensionReason } });
    } catch (error) {
      // Busy, or in a state that cannot be suspended now (being set up): the next reading tries again.
      if (error instanceof AppError && error.status === 409) return null;
      throw error;
    }
  }
  return database.$transaction(async (transaction) => {
    const claimed = await transaction.server.updateMany({
      where: { id: serverId, OR: [{ transferLimitedMonth: null }, { transferLimitedMonth: { not: month } }] },
      data: { transferLimitedMonth: month, transferLimitAction: action },
    });
    if (claimed.count !== 1) return null;
    await recordAuditEvent(transaction, {
      actorType: "system",
      ...auditTenancy(server.owner),
      action: "server.transfer_limit",
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { month, usedBytes, allowanceBytes: allowance, action, ...(action === "throttled" ? { throttleMbps: server.plan.transferThrottleMbps } : {}) },
    });
    await recordServerEvent(transaction, mailContextOf(context.settings), { type: "usage.threshold", serverId, key: `${month}:100`, details: thresholdDetails(server.plan, month, 100, usedBytes, allowance) });
    return action;
  });
}

/**
 * A new month: servers throttled or suspended for an earlier month's transfer get their plan's
 * rate back, or are unsuspended (only if the suspension is still the one made for transfer).
 */
export async function liftEndedTransferLimits(context: TransferContext, now = new Date()): Promise<string[]> {
  const { database } = context;
  const month = monthOf(now);
  const lifted: string[] = [];
  const servers = await database.server.findMany({ where: { transferLimitedMonth: { not: null }, NOT: { transferLimitedMonth: month } }, include: serverInclude });
  for (const server of servers) {
    try {
      if (server.status !== "terminated" && server.transferLimitAction === "throttled" && server.host) {
        await agentForHost(server.host, context.settings.encryptionKey).throttleContainer(server.containerName, null);
      }
      const stillOurs = server.suspended && server.suspendedBy === "admin" && server.suspendReason === transferSuspensionReason;
      if (server.status !== "terminated" && server.transferLimitAction === "suspended" && stillOurs) {
        await requestServerAction({ ...context, actor: systemActor, serverId: server.id, input: { type: "unsuspend" } });
      }
    } catch (error) {
      if (error instanceof AppError && error.status === 409) continue;
      throw error;
    }
    await database.$transaction(async (transaction) => {
      const cleared = await transaction.server.updateMany({ where: { id: server.id, transferLimitedMonth: server.transferLimitedMonth }, data: { transferLimitedMonth: null, transferLimitAction: null } });
      if (cleared.count !== 1) return;
      await recordAuditEvent(transaction, {
        actorType: "system",
        ...auditTenancy(server.owner),
        action: "server.transfer_reset",
        targetType: "server",
        targetId: server.id,
        result: "success",
        details: { endedMonth: server.transferLimitedMonth, month, lifted: server.transferLimitAction },
      });
    });
    lifted.push(server.id);
  }
  return lifted;
}
