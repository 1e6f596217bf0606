import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { releaseAddresses } from "../network/allocate-address";
import { quotaHolderOf } from "../tenancy/quota-holder";
import { usageOfPlan } from "../tenancy/quota-usage";
import { releaseQuota } from "../tenancy/release-quota";
import { customerQuotaHolderOf } from "../tenancy/customer-policy";
import { releaseCustomerQuota } from "../tenancy/reserve-customer-quota";
import { containerSpecFor } from "./container-spec";
import type { TFirstBootPayload } from "./first-boot-input";
import { systemRecordOf } from "./system-record";
import { placeServer } from "./place-server";
import { mailContextOf } from "../mail/queue-mail";
import { recordServerEvent } from "../notifications/server-events";

async function serverWithHost(context: JobContext, serverId: string) {
  const server = await context.database.server.findUniqueOrThrow({ where: { id: serverId }, include: { host: true } });
  if (!server.host) throw new AppError("server_not_placed", 409, `server ${serverId} has no host`);
  return { server, agent: agentForHost(server.host, context.settings.encryptionKey) };
}

/**
 * Turns an order into a running server: place it, create its container, start it. Every step is
 * idempotent (the server is unique per order, the container name is fixed), so a retry or a
 * duplicate job finishes the same server instead of making a second one.
 */
export async function provisionServer({ orderId, firstBoot }: { orderId: string; firstBoot?: TFirstBootPayload }, context: JobContext): Promise<void> {
  const { database } = context;
  const order = await database.order.findUnique({ where: { id: orderId }, include: { server: true, customer: true } });
  if (!order?.server) throw new AppError("order_not_found", 404, `order ${orderId} or its server does not exist`);
  if (order.status === "completed" || order.status === "failed") return;
  const serverId = order.server.id;
  await database.order.update({ where: { id: orderId }, data: { status: "provisioning" } });

  await context.reportProgress(10, "Placing the server and allocating addresses");
  await placeServer(database, serverId);
  const { agent } = await serverWithHost(context, serverId);

  await context.runStep("Creating the container", 40, async () => {
    const { container } = await agent.createContainer(await containerSpecFor(database, serverId, firstBoot));
    await database.server.update({ where: { id: serverId }, data: systemRecordOf(container, firstBoot) });
  });
  await context.runStep("Starting the container", 75, async () => {
    await agent.startContainer((await database.server.findUniqueOrThrow({ where: { id: serverId } })).containerName);
  });

  await database.$transaction(async (transaction) => {
    await transaction.server.update({
      where: { id: serverId },
      data: { status: "running", statusMessage: null, observedAt: new Date() },
    });
    await transaction.order.update({ where: { id: orderId }, data: { status: "completed", failureReason: null } });
    await recordAuditEvent(transaction, {
      actorType: "worker",
      ...auditTenancy(order.customer),
      action: "server.provision",
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { orderId },
    });
    await recordServerEvent(transaction, mailContextOf(context.settings), { type: "server.ready", serverId, key: orderId });
  });
}

/**
 * The order failed for good: remove whatever container it made, give its addresses back and
 * say why. Addresses are kept if the container could not be removed, so no live container
 * ever shares an address with a new one. The server's share of its reseller's quota goes back
 * in the transaction that marks it failed, and only if this call is the one that does.
 */
export async function failProvisioning({ orderId }: { orderId: string }, context: JobContext, reason: string): Promise<void> {
  const { database } = context;
  const order = await database.order.findUniqueOrThrow({ where: { id: orderId }, include: { customer: true, server: { include: { plan: true } } } });
  const { server } = order;
  let cleanupError: string | null = null;
  if (server) {
    try {
      if (server.hostId) {
        const { agent } = await serverWithHost(context, server.id);
        await agent.destroyContainer(server.containerName);
      }
      await releaseAddresses(database, server.id);
    } catch (error) {
      cleanupError = error instanceof Error ? error.message : String(error);
      // The detail is for operators: the customer reads `reason` (the failure's public text) only.
      console.error(`[worker] cleaning up after order ${orderId} (job ${context.jobRecordId}) failed: ${cleanupError}`);
    }
  }
  await database.$transaction(async (transaction) => {
    if (server) {
      const failed = await transaction.server.updateMany({
        where: { id: server.id, status: { notIn: ["failed", "terminated"] } },
        data: { status: "failed" },
      });
      await transaction.server.update({
        where: { id: server.id },
        data: { status: "failed", statusMessage: reason },
      });
      const quotaHolder = quotaHolderOf(order.customer);
      if (failed.count === 1 && quotaHolder) await releaseQuota(transaction, quotaHolder, usageOfPlan(server.plan));
      const customerId = customerQuotaHolderOf(order.customer);
      if (failed.count === 1 && customerId) await releaseCustomerQuota(transaction, customerId, usageOfPlan(server.plan));
    }
    await transaction.order.update({ where: { id: orderId }, data: { status: "failed", failureReason: reason } });
    await recordAuditEvent(transaction, {
      actorType: "worker",
      ...auditTenancy(order.customer),
      action: "server.provision",
      targetType: "order",
      targetId: orderId,
      result: "failure",
      details: { reason, jobId: context.jobRecordId, cleanupFailed: cleanupError !== null },
    });
    if (server) await recordServerEvent(transaction, mailContextOf(context.settings), { type: "server.failed", serverId: server.id, key: orderId, details: { reason } });
  });
}
