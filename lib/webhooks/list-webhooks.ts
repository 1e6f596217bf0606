import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { webhookResource } from "./webhook-resources";
import { requireWebhookManager, webhookScope } from "./webhook-scope";

/** The endpoints the actor manages (a reseller its own, an admin every admin's), newest first. */
export async function listWebhooks({ database, actor }: { database: Database; actor: Actor }) {
  requireWebhookManager(actor);
  const webhooks = await database.outgoingWebhook.findMany({ where: webhookScope(actor), orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return webhooks.map(webhookResource);
}
