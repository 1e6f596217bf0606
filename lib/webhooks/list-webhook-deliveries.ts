import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { webhookDeliveryResource } from "./webhook-resources";
import { findWebhookFor, requireWebhookManager, webhookScope } from "./webhook-scope";

/** How many of the newest deliveries a list shows. */
export const deliveryListLimit = 100;

/**
 * The newest deliveries (at most deliveryListLimit) of the actor's endpoints, or of one of them
 * (404 when it is not the actor's), newest first.
 */
export async function listWebhookDeliveries({ database, actor, webhookId }: { database: Database; actor: Actor; webhookId?: string }) {
  requireWebhookManager(actor);
  if (webhookId !== undefined) await findWebhookFor(database, actor, webhookId);
  const deliveries = await database.webhookDelivery.findMany({
    where: webhookId !== undefined ? { webhookId } : { webhook: webhookScope(actor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: deliveryListLimit,
  });
  return deliveries.map(webhookDeliveryResource);
}
