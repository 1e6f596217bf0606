import { agentForHost } from "../hosts/agent-for-host";
import { enforceTransferAllowance, liftEndedTransferLimits, noticeTransferNearlyUsed, transferNoticeShare, type TransferContext } from "./transfer-allowance";
import { recordUsage } from "./record-usage";
import { allowanceBytes, retentionMs, type Resolution } from "./usage-periods";

export interface UsageCollection {
  /** Readings turned into usage. */
  recorded: number;
  /** Servers throttled or suspended for their transfer this pass. */
  limited: string[];
  /** Hosts that did not answer, with why. */
  failures: string[];
}

/**
 * One pass of the worker's usage loop: every active host's counters in one request each, into
 * the servers' buckets and months; allowances enforced, last month's limits lifted, buckets
 * past their retention deleted.
 */
export async function collectUsage(context: TransferContext, now = new Date()): Promise<UsageCollection> {
  const { database } = context;
  const result: UsageCollection = { recorded: 0, limited: [], failures: [] };
  await liftEndedTransferLimits(context, now);
  for (const host of await database.host.findMany({ where: { active: true } })) {
    let report;
    try {
      report = await agentForHost(host, context.settings.encryptionKey).usage();
    } catch (error) {
      result.failures.push(`${host.name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const servers = await database.server.findMany({ where: { hostId: host.id, status: { notIn: ["pending", "terminated"] } }, select: { id: true, containerName: true, transferLimitedMonth: true, transferNoticeMonth: true, plan: { select: { monthlyTransferGb: true } } } });
    const byContainer = new Map(servers.map((server) => [server.containerName, server]));
    const sampledAt = new Date(report.sampledAt);
    for (const reading of report.containers) {
      const server = byContainer.get(reading.name);
      if (!server) continue;
      const recorded = await recordUsage(database, { id: server.id, hostId: host.id }, reading, sampledAt);
      if (!recorded) continue;
      result.recorded += 1;
      const allowance = allowanceBytes(server.plan);
      const used = recorded.rxBytes + recorded.txBytes;
      if (allowance !== null && used >= allowance * transferNoticeShare && used < allowance && server.transferNoticeMonth !== recorded.month) await noticeTransferNearlyUsed(context, server.id, recorded.month, used);
      if (allowance === null || used < allowance || server.transferLimitedMonth === recorded.month) continue;
      if (await enforceTransferAllowance(context, server.id, recorded.month, used)) result.limited.push(server.id);
    }
  }
  for (const resolution of ["minute", "hour"] as Resolution[]) {
    await database.usageSample.deleteMany({ where: { resolution, bucket: { lt: new Date(now.getTime() - retentionMs[resolution]) } } });
  }
  return result;
}
