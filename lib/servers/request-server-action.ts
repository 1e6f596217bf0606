import { isOperatorOf, auditActor, type Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";
import { assertPlanOffered } from "../tenancy/assert-plan-offered";
import { quotaHolderOf } from "../tenancy/quota-holder";
import { growthOf, usageChange, usageOfPlan } from "../tenancy/quota-usage";
import { reserveQuota } from "../tenancy/reserve-quota";
import { claimServerForJob } from "./claim-server";
import { ZServerActionInput, type TServerActionInput, type TServerActionPayload } from "./server-actions";

export interface RequestServerActionOptions {
  database: Database;
  queue: JobQueue;
  encryptionKey: string;
  actor: Actor;
  serverId: string;
  input: unknown;
}

type VisibleServer = Awaited<ReturnType<typeof findServerFor>>;

function assertActionAllowed(actor: Actor, server: VisibleServer, type: TServerActionInput["type"]): void {
  // Permission before state, so a customer is told "not allowed" whatever the server's state.
  const operator = isOperatorOf(actor, server.owner);
  if ((type === "suspend" || type === "unsuspend") && !operator) {
    throw new AppError("forbidden", 403, "Only your provider can suspend or unsuspend a server");
  }
  if (server.status === "terminated") throw new AppError("server_terminated", 409, "This server has been terminated");
  if (["pending", "provisioning", "failed"].includes(server.status)) {
    throw new AppError("server_not_ready", 409, `This server is ${server.status}; it cannot be ${type}ed`);
  }
  if (server.suspended && type !== "unsuspend" && type !== "suspend" && !(operator && type === "resize")) {
    throw new AppError("server_suspended", 409, "This server is suspended; it must be unsuspended first");
  }
}

async function assertDiskFits(server: VisibleServer, newDiskMb: number, encryptionKey: string): Promise<void> {
  if (newDiskMb >= server.plan.diskMb || !server.host) return;
  const state = await agentForHost(server.host, encryptionKey).getContainer(server.containerName);
  const usedBytes = state?.diskUsedBytes ?? 0;
  if (usedBytes > newDiskMb * 2 ** 20) {
    const usedMb = Math.ceil(usedBytes / 2 ** 20);
    throw new AppError("disk_in_use", 409, `The server already uses ${usedMb} MiB of disk; the new plan allows only ${newDiskMb} MiB`, {
      usedMb,
      newDiskMb,
    });
  }
}

async function payloadFor(options: RequestServerActionOptions, server: VisibleServer, action: TServerActionInput): Promise<TServerActionPayload["action"]> {
  const { database } = options;
  if (action.type === "resize") {
    const plan = await database.plan.findFirst({ where: { slug: action.plan, active: true } });
    if (!plan) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${action.plan}"`, { field: "plan" });
    const quotaHolder = quotaHolderOf(server.owner);
    await assertPlanOffered(database, quotaHolder, plan);
    await assertDiskFits(server, plan.diskMb, options.encryptionKey);
    if (!quotaHolder) return { type: "resize", planId: plan.id };
    return { type: "resize", planId: plan.id, quota: { resellerId: quotaHolder, change: usageChange(usageOfPlan(server.plan), usageOfPlan(plan)) } };
  }
  if (action.type === "reinstall") {
    if (!action.template) return { type: "reinstall", templateId: server.templateId };
    const template = await database.template.findFirst({ where: { slug: action.template, active: true } });
    if (!template) throw new AppError("unknown_template", 422, `template: no active template is called "${action.template}"`, { field: "template" });
    return { type: "reinstall", templateId: template.id };
  }
  return { type: action.type };
}

/**
 * Accepts a lifecycle action on a server the actor can see and queues it as a job. Refuses
 * (and writes nothing) when the action is not allowed now; one action runs at a time per server.
 */
export async function requestServerAction(options: RequestServerActionOptions) {
  const { database, queue, actor, serverId } = options;
  const action = parseInput(ZServerActionInput, options.input);
  const server = await findServerFor(database, actor, serverId);
  assertActionAllowed(actor, server, action.type);
  const payloadAction = await payloadFor(options, server, action);

  const job = await database.$transaction(async (transaction) => {
    const job = await createJobRecord(transaction, "serverAction", { serverId, action: payloadAction }, { serverId });
    await claimServerForJob(transaction, serverId, job.id);
    // A bigger plan takes its growth now, so two resizes cannot both count on the same room;
    // it goes back if the job fails for good (recordServerActionFailure).
    if (payloadAction.type === "resize" && payloadAction.quota) {
      await reserveQuota(transaction, payloadAction.quota.resellerId, growthOf(payloadAction.quota.change), "this resize");
    }
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(server.owner),
      action: `server.${action.type}`,
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { requested: action, jobId: job.id, via: actor.via },
    });
    return job;
  });
  await enqueueJobRecord(queue, job);
  return job;
}
