import type { ContainerState } from "../../agent/types";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { releaseAddresses } from "../network/allocate-address";
import type { Prisma } from "../generated/prisma/client";
import { quotaHolderOf } from "../tenancy/quota-holder";
import { growthOf, shrinkageOf, usageOfPlan, type Transaction } from "../tenancy/quota-usage";
import { releaseQuota } from "../tenancy/release-quota";
import { planLimits } from "./plan-limits";
import type { ServerActionType, TServerActionPayload } from "./server-actions";

const stepLabels: Record<ServerActionType, string> = {
  start: "Starting the server",
  stop: "Stopping the server",
  reboot: "Rebooting the server",
  suspend: "Suspending the server",
  unsuspend: "Unsuspending the server",
  resize: "Applying the new plan's limits",
  reinstall: "Reinstalling from the template",
  terminate: "Destroying the server",
};

/** The panel's status for what LXC reports. */
function statusFrom(container: ContainerState | null | undefined, suspended: boolean): "running" | "stopped" | "suspended" {
  if (suspended) return "suspended";
  return container?.state === "RUNNING" ? "running" : "stopped";
}

/**
 * Carries out one lifecycle action on the host and records the outcome. Every agent call is
 * idempotent, so a retry after a crash repeats it harmlessly; the server's active-job claim is
 * released only when the outcome is recorded.
 */
export async function runServerAction({ serverId, action }: TServerActionPayload, context: JobContext): Promise<void> {
  const { database } = context;
  const server = await database.server.findUniqueOrThrow({ where: { id: serverId }, include: { host: true, owner: true } });
  // Only terminating works without a host: a server whose provisioning failed before placement has nothing to destroy.
  const agent = () => {
    if (!server.host) throw new AppError("server_not_placed", 409, `server ${serverId} has no host`);
    return agentForHost(server.host, context.settings.encryptionKey);
  };
  if (!server.host && action.type !== "terminate") agent();
  const name = server.containerName;
  await context.reportProgress(20, stepLabels[action.type]);

  let update: Prisma.ServerUpdateInput;
  switch (action.type) {
    case "start":
      update = { status: statusFrom((await agent().startContainer(name)).container, false), desiredState: "running" };
      break;
    case "stop":
      update = { status: statusFrom((await agent().stopContainer(name)).container, false), desiredState: "stopped" };
      break;
    case "reboot":
      update = { status: statusFrom((await agent().rebootContainer(name)).container, false), desiredState: "running" };
      break;
    case "suspend":
      await agent().suspendContainer(name);
      update = { status: "suspended", suspended: true };
      break;
    case "unsuspend":
      update = { status: statusFrom((await agent().unsuspendContainer(name)).container, false), suspended: false };
      break;
    case "resize": {
      const plan = await database.plan.findUniqueOrThrow({ where: { id: action.planId } });
      await agent().resizeContainer(name, planLimits(plan));
      update = { plan: { connect: { id: plan.id } } };
      break;
    }
    case "reinstall": {
      const template = await database.template.findUniqueOrThrow({ where: { id: action.templateId } });
      const result = await agent().reinstallContainer(name, template.agentTemplate);
      update = { template: { connect: { id: template.id } }, status: statusFrom(result.container, server.suspended) };
      break;
    }
    case "terminate":
      if (server.host) await agent().destroyContainer(name);
      await releaseAddresses(database, serverId);
      update = { status: "terminated", desiredState: "terminated", suspended: false, terminatedAt: new Date() };
      break;
  }

  await context.reportProgress(90, "Recording the result");
  await database.$transaction(async (transaction) => {
    await releaseQuotaFreedBy(transaction, { serverId, action }, server.owner);
    await transaction.server.update({
      where: { id: serverId },
      data: { ...update, statusMessage: null, observedAt: new Date(), activeJobId: null },
    });
    await recordAuditEvent(transaction, {
      actorType: "worker",
      ...auditTenancy(server.owner),
      action: `server.${action.type}.done`,
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { jobId: context.jobRecordId },
    });
  });
}

/** Servers in these states hold nothing of their reseller's quota: it was released when they got there. */
const statusesWithoutQuota = ["terminated", "failed"];

/**
 * Releases what a finished termination or downsize frees, in the transaction recording it. Each
 * release first flips the server's state with a conditional update, so it happens only on the
 * transition itself: a retried job, finding the state already changed, releases nothing.
 */
async function releaseQuotaFreedBy(transaction: Transaction, { serverId, action }: TServerActionPayload, owner: { id: string; role: string; resellerId: string | null }) {
  if (action.type === "terminate") {
    const quotaHolder = quotaHolderOf(owner);
    const ended = await transaction.server.updateMany({
      where: { id: serverId, status: { notIn: statusesWithoutQuota } },
      data: { status: "terminated" },
    });
    if (ended.count === 1 && quotaHolder) {
      const { plan } = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include: { plan: true } });
      await releaseQuota(transaction, quotaHolder, usageOfPlan(plan));
    }
  }
  if (action.type === "resize" && action.quota) {
    const moved = await transaction.server.updateMany({ where: { id: serverId, planId: { not: action.planId } }, data: { planId: action.planId } });
    if (moved.count === 1) await releaseQuota(transaction, action.quota.resellerId, shrinkageOf(action.quota.change));
  }
}

/**
 * The action failed for good: say why on the server and free it for the next action. A resize
 * that never took effect gives back the growth reserved when it was accepted.
 */
export async function recordServerActionFailure({ serverId, action }: TServerActionPayload, context: JobContext, reason: string): Promise<void> {
  await context.database.$transaction(async (transaction) => {
    const server = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include: { owner: true } });
    // Only the job that holds the server's claim may settle it: a second call finds the claim gone.
    const settled = await transaction.server.updateMany({
      where: { id: serverId, activeJobId: context.jobRecordId },
      data: { statusMessage: `${action.type} failed: ${reason}`, activeJobId: null },
    });
    if (settled.count === 1 && action.type === "resize" && action.quota && server.planId !== action.planId) {
      await releaseQuota(transaction, action.quota.resellerId, growthOf(action.quota.change));
    }
    await recordAuditEvent(transaction, {
      actorType: "worker",
      ...auditTenancy(server.owner),
      action: `server.${action.type}.done`,
      targetType: "server",
      targetId: serverId,
      result: "failure",
      details: { jobId: context.jobRecordId, reason },
    });
  });
}
