import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database, Transaction } from "../database/client";
import { AppError } from "../errors";
import { reclaimServerForRetry } from "../action-catalogue/reclaim-server";
import type { JobQueue } from "../jobs/queue";
import { jobRegistry, type JobName, type JobPayload } from "../jobs/registry";
import { quotaHolderOf } from "../tenancy/quota-holder";
import { usageOfPlan } from "../tenancy/quota-usage";
import { reserveQuota } from "../tenancy/reserve-quota";
import { customerQuotaHolderOf } from "../tenancy/customer-policy";
import { reserveCustomerQuota } from "../tenancy/reserve-customer-quota";

export interface RetryJobOptions {
  database: Database;
  queue: JobQueue;
  actor: Actor;
  jobId: string;
}

type Owner = { id: string; role: string; resellerId: string | null };


/**
 * A failed provisioning gave its addresses and its share of the reseller's quota back
 * (failProvisioning); the order goes back to pending and takes its share again, or 409 if the
 * reseller no longer has room.
 */
async function reopenOrder(transaction: Transaction, orderId: string): Promise<Owner> {
  const order = await transaction.order.findUnique({ where: { id: orderId }, include: { customer: true, server: { include: { plan: true } } } });
  if (!order) throw new AppError("order_not_found", 409, "The order this job provisioned no longer exists");
  const { server } = order;
  if (server?.status === "terminated") throw new AppError("server_terminated", 409, "This order's server has been terminated; place a new order instead");
  const quotaHolder = quotaHolderOf(order.customer);
  if (server?.status === "failed" && quotaHolder) await reserveQuota(transaction, quotaHolder, usageOfPlan(server.plan), "retrying this order");
  const customerId = customerQuotaHolderOf(order.customer);
  if (server?.status === "failed" && customerId) await reserveCustomerQuota(transaction, customerId, usageOfPlan(server.plan), "retrying this order");
  if (server) await transaction.server.update({ where: { id: server.id }, data: { status: "pending", statusMessage: null } });
  await transaction.order.update({ where: { id: orderId }, data: { status: "pending", failureReason: null } });
  return order.customer;
}

/**
 * Runs a job that failed for good once more, from the start (admins only), after its cause has
 * been fixed. Refused with 409 for jobs that have not failed, discarded ones and those whose
 * server is gone or busy. The order, server and Job row are reset in one transaction, then the
 * job is queued again.
 */
export async function retryJob({ database, queue, actor, jobId }: RetryJobOptions) {
  requireAdmin(actor, "job");
  const found = await database.job.findUnique({ where: { id: jobId } });
  if (!found) throw new AppError("not_found", 404, `job ${jobId} not found`);
  if (found.state !== "failed") throw new AppError("job_not_failed", 409, `This job is ${found.state}; only failed jobs can be retried`);
  if (found.discardedAt) throw new AppError("job_discarded", 409, "This job was discarded; it can no longer be retried");
  if (!(found.type in jobRegistry)) throw new AppError("unknown_job_type", 409, `Jobs of type "${found.type}" cannot be retried`);
  const type = found.type as JobName;
  const payload = JSON.parse(found.payload) as Record<string, unknown>;

  const job = await database.$transaction(async (transaction) => {
    // Conditional on the row still being failed, so two admins retrying at once queue it once.
    const reset = await transaction.job.updateMany({
      where: { id: jobId, state: "failed", discardedAt: null },
      data: { state: "queued", error: null, progress: 0, step: null, completedSteps: "[]", attempts: 0, finishedAt: null },
    });
    if (reset.count !== 1) throw new AppError("job_not_failed", 409, "This job is no longer failed; it may have been retried already");
    let owner: Owner | null = null;
    if (type === "provisionServer") {
      const orderId = found.orderId ?? String(payload.orderId ?? "");
      owner = await reopenOrder(transaction, orderId);
    } else if (type === "serverAction") {
      owner = await reclaimServerForRetry(transaction, jobId, payload);
    }
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      // Image jobs belong to no tenant.
      ...(owner ? auditTenancy(owner) : {}),
      action: "job.retry",
      targetType: "job",
      targetId: jobId,
      result: "success",
      details: { type, orderId: found.orderId, serverId: found.serverId, previousError: found.error },
    });
    return transaction.job.findUniqueOrThrow({ where: { id: jobId } });
  });

  try {
    await queue.requeue<JobName>(type, payload as JobPayload<JobName>, jobId);
  } catch (error) {
    // The row is "queued" and committed; the worker's recovery queues unfinished rows when it starts.
    console.error(`[jobs] requeuing retried job ${jobId} failed: ${(error as Error).message}`);
  }
  return job;
}
