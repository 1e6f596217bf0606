import { auditActor, type Actor } from "../access/actor";
import { auditTenancyOf } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { storedWebhookEvents } from "./webhook-fields";
import { findWebhookFor } from "./webhook-scope";

/** Deletes one of the actor's endpoints with its deliveries: nothing more is sent to it. Others' are 404. */
export async function deleteWebhook({ database, actor, webhookId }: { database: Database; actor: Actor; webhookId: string }) {
  const webhook = await findWebhookFor(database, actor, webhookId);
  await database.$transaction(async (transaction) => {
    // Deliveries go with it (onDelete: Cascade), also one a sweep is sending: its outcome then updates nothing.
    const { count } = await transaction.outgoingWebhook.deleteMany({ where: { id: webhook.id } });
    // Deleted meanwhile by another request: answered as for any endpoint that is not there.
    if (count === 0) throw new AppError("not_found", 404, `webhook ${webhookId} not found`);
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...(await auditTenancyOf(transaction, webhook.ownerId)),
      action: "webhook.delete",
      targetType: "webhook",
      targetId: webhook.id,
      result: "success",
      details: { url: webhook.url, events: storedWebhookEvents(webhook.events) },
    });
  });
  return { deleted: webhook.id };
}
