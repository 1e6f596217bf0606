import { auditActor, type Actor } from "../access/actor";
import { auditTenancyOf } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { webhookDeliveryResource } from "./webhook-resources";
import { requireWebhookManager, webhookScope } from "./webhook-scope";

/**
 * "Send again": a delivery of one of the actor's endpoints (404 for others') goes back to pending,
 * due now, with a fresh retry schedule; its last answer stays until the next attempt replaces it.
 * One being sent right now is refused (409 delivery_in_progress), so it is never sent twice at once.
 */
export async function resendWebhookDelivery({ database, actor, deliveryId, now = new Date() }: { database: Database; actor: Actor; deliveryId: string; now?: Date }) {
  requireWebhookManager(actor);
  return database.$transaction(async (transaction) => {
    const delivery = await transaction.webhookDelivery.findFirst({ where: { id: deliveryId, webhook: webhookScope(actor) }, include: { webhook: { select: { ownerId: true } } } });
    if (!delivery) throw new AppError("not_found", 404, `webhook delivery ${deliveryId} not found`);
    // The same condition a sweep claims by: unclaimed, or its claim has lapsed.
    const { count } = await transaction.webhookDelivery.updateMany({
      where: { id: delivery.id, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { state: "pending", attempts: 0, nextAttemptAt: now, claimedUntil: null, deliveredAt: null },
    });
    if (count === 0) throw new AppError("delivery_in_progress", 409, "This delivery is being sent right now; look again in a few seconds");
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...(await auditTenancyOf(transaction, delivery.webhook.ownerId)),
      action: "webhook_delivery.resend",
      targetType: "webhook_delivery",
      targetId: delivery.id,
      result: "success",
      details: { webhookId: delivery.webhookId, eventId: delivery.eventId, type: delivery.type, previousState: delivery.state, previousAttempts: delivery.attempts },
    });
    return webhookDeliveryResource(await transaction.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } }));
  });
}
