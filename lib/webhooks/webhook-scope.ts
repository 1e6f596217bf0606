import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/**
 * Outgoing webhooks belong to operators: a reseller manages its own endpoints, and the admins
 * share theirs (every admin sees and manages every admin's). Customers may not (403), nor API
 * tokens limited to some servers, since an endpoint hears of every server of its owner.
 */
export function requireWebhookManager(actor: Actor): void {
  requireRole(actor, "admin", "reseller");
  if (actor.serverIds) throw new AppError("token_server_limited", 403, "This API token is limited to named servers and may not manage webhooks");
}

/** The endpoints the actor manages, as a Prisma filter (after requireWebhookManager). */
export function webhookScope(actor: Actor) {
  return actor.role === "admin" ? { owner: { role: "admin" } } : { ownerId: actor.userId };
}

/** One of the actor's endpoints, or 404: others' ids are never confirmed. */
export async function findWebhookFor(database: Database, actor: Actor, webhookId: string) {
  requireWebhookManager(actor);
  const webhook = await database.outgoingWebhook.findFirst({ where: { AND: [{ id: webhookId }, webhookScope(actor)] } });
  if (!webhook) throw new AppError("not_found", 404, `webhook ${webhookId} not found`);
  return webhook;
}
