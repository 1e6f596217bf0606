import type { Redis } from "ioredis";
import type { AgentClient, OperationResult } from "../../agent/client";
import { AgentRequestError } from "../../agent/client";
import { statusFromContainer } from "../action-catalogue/status-from-container";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { agentForHost, type AgentEndpoint } from "../hosts/agent-for-host";
import type { BerthSettings } from "../settings";
import { compareHost, type ComparedServer, type Finding, type Repair } from "./compare-host";
import { claimServerForRepair, releaseRepairClaim } from "./repair-claim";
import { reportNewFindings } from "./report-findings";

export interface ReconciledHost extends AgentEndpoint {
  id: string;
}

/** What one pass did on one host: the repairs made (audited), servers marked failed, findings newly reported. */
export interface HostReconciliation {
  repaired: Array<{ serverId: string; kind: Repair["kind"] }>;
  markedMissing: string[];
  reported: Finding[];
}

const repairActions = {
  limits: "reconcile.limits.reapplied",
  start: "reconcile.server.started",
  stop: "reconcile.server.stopped",
  suspend: "reconcile.server.suspended",
} as const satisfies Record<Repair["kind"], string>;

/** The lifecycle's own agent call for each repair (entries/start, stop, suspend and resize make the same ones). */
function repairCall(agent: AgentClient, repair: Repair): Promise<OperationResult> {
  const name = repair.container.name;
  if (repair.kind === "start") return agent.startContainer(name);
  if (repair.kind === "stop") return agent.stopContainer(name);
  if (repair.kind === "suspend") return agent.suspendContainer(name);
  // The limits the container was given: its resize re-applies every one (cgroups, quota, shaping).
  if (!repair.container.limits) throw new Error(`container ${name} reports no configured limits`);
  return agent.resizeContainer(name, repair.container.limits);
}

function repairFailure(repair: Repair, error: unknown): Finding {
  const code = error instanceof AgentRequestError ? error.code : "internal_error";
  return {
    action: "reconcile.repair.failed",
    targetType: "server",
    targetId: repair.server.id,
    subject: `${repair.kind}:${code}`,
    details: { repair: repairActions[repair.kind], container: repair.container.name, code, message: error instanceof Error ? error.message : String(error) },
  };
}

/**
 * One repair under the server's action slot: skipped when an action took the server (or its row
 * changed) since the inventory was read; else the agent call, then the row's observed status,
 * the audit event and the slot's release together. Agent calls are idempotent (a start of a
 * running container changes nothing), so a pass running twice at once does no harm.
 */
async function applyRepair(database: Database, agent: AgentClient, host: ReconciledHost, repair: Repair): Promise<"repaired" | "skipped" | Finding> {
  const claimId = await claimServerForRepair(database, repair.server);
  if (!claimId) return "skipped";
  let result: OperationResult;
  try {
    result = await repairCall(agent, repair);
  } catch (error) {
    await database.$transaction((transaction) => releaseRepairClaim(transaction, repair.server.id, claimId));
    // The agent is acting on the container itself (its autostart after a reboot): look again next pass.
    if (error instanceof AgentRequestError && error.code === "busy") return "skipped";
    return repairFailure(repair, error);
  }
  await database.$transaction(async (transaction) => {
    const status = repair.kind === "limits" ? {} : { status: repair.server.suspended ? "suspended" : statusFromContainer(result.container) };
    await transaction.server.update({ where: { id: repair.server.id }, data: { ...status, observedAt: new Date() } });
    await recordAuditEvent(transaction, {
      actorType: "system",
      action: repairActions[repair.kind],
      targetType: "server",
      targetId: repair.server.id,
      result: "success",
      details: {
        by: "reconciler",
        host: host.name,
        container: repair.container.name,
        found: repair.kind === "limits" ? repair.drift : { state: repair.container.state, suspended: repair.container.suspended ?? false },
        operationId: result.operationId,
      },
    });
    await releaseRepairClaim(transaction, repair.server.id, claimId);
  });
  return "repaired";
}

/**
 * A live server whose container is gone is marked failed, with a message, and reported; it is
 * not re-created: its disk is lost, and an empty new one in its place would look like the
 * customer's server. The admin decides (terminate releases its addresses and quota).
 */
async function markContainerMissing(database: Database, host: ReconciledHost, server: ComparedServer): Promise<boolean> {
  const statusMessage = `Its container is missing on host ${host.name}: found by reconciliation at ${new Date().toISOString()}`;
  return database.$transaction(async (transaction) => {
    const marked = await transaction.server.updateMany({
      where: { id: server.id, hostId: host.id, status: server.status, activeJobId: null, nextJobId: null },
      data: { status: "failed", statusMessage },
    });
    if (marked.count !== 1) return false;
    await recordAuditEvent(transaction, {
      actorType: "system",
      action: "reconcile.container.missing",
      targetType: "server",
      targetId: server.id,
      result: "failure",
      details: { by: "reconciler", host: host.name, container: server.containerName, previousStatus: server.status, markedStatus: "failed" },
    });
    return true;
  });
}

export interface ReconcileHostOptions {
  database: Database;
  settings: BerthSettings;
  redis: Redis;
  host: ReconciledHost;
}

/** Compares one host's inventory with the database and acts on the difference (compare-host.ts says what). */
export async function reconcileHost({ database, settings, redis, host }: ReconcileHostOptions): Promise<HostReconciliation> {
  const agent = agentForHost(host, settings.encryptionKey);
  const inventory = await agent.inventory();
  const names = inventory.containers.map((container) => container.name);
  const servers = await database.server.findMany({
    where: { OR: [{ hostId: host.id }, { containerName: { in: names } }] },
    select: { id: true, hostId: true, containerName: true, status: true, desiredState: true, suspended: true, activeJobId: true, nextJobId: true },
  });
  const comparison = compareHost(host.id, servers, inventory);
  const outcome: HostReconciliation = { repaired: [], markedMissing: [], reported: [] };
  const findings = [...comparison.findings];
  for (const repair of comparison.repairs) {
    const result = await applyRepair(database, agent, host, repair);
    if (result === "repaired") outcome.repaired.push({ serverId: repair.server.id, kind: repair.kind });
    else if (result !== "skipped") findings.push(result);
  }
  for (const server of comparison.missing) {
    if (await markContainerMissing(database, host, server)) outcome.markedMissing.push(server.id);
  }
  outcome.reported = await reportNewFindings({ database, redis, host, findings });
  return outcome;
}
