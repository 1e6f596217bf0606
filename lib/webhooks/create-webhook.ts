import { randomBytes } from "node:crypto";
import { auditActor, type Actor } from "../access/actor";
import { auditTenancyOf } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { encryptSecret } from "../security/secret-box";
import { webhookLimit, ZWebhookInput } from "./webhook-fields";
import { webhookResource } from "./webhook-resources";
import { requireWebhookManager } from "./webhook-scope";

/**
 * Registers an endpoint of the calling admin or reseller for the events it names. Its signing
 * secret is made here, stored encrypted and returned this once. An owner with webhookLimit
 * endpoints is refused (409 webhook_limit).
 */
export async function createWebhook({ database, actor, encryptionKey, input }: { database: Database; actor: Actor; encryptionKey: string; input: unknown }) {
  requireWebhookManager(actor);
  const { url, events } = parseInput(ZWebhookInput, input);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const webhook = await database.$transaction(async (transaction) => {
    // Written first, then counted: a concurrent creation waits for this write, so both cannot slip under the limit.
    const created = await transaction.outgoingWebhook.create({
      data: { ownerId: actor.userId, url, events: JSON.stringify(events), secretEncrypted: encryptSecret(secret, encryptionKey) },
    });
    if ((await transaction.outgoingWebhook.count({ where: { ownerId: actor.userId } })) > webhookLimit) {
      throw new AppError("webhook_limit", 409, `You already have ${webhookLimit} webhook endpoints; delete one you no longer use first`, { limit: webhookLimit });
    }
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...(await auditTenancyOf(transaction, actor.userId)),
      action: "webhook.create",
      targetType: "webhook",
      targetId: created.id,
      result: "success",
      details: { url, events },
    });
    return created;
  });
  return { webhook: webhookResource(webhook), secret };
}
