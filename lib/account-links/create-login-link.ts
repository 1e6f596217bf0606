import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { findCustomerFor } from "../access/customer-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { accountLinkLifetimeSeconds } from "./account-link-purposes";
import { issueAccountLink } from "./issue-account-link";

export const ZLoginLinkInput = z.object({
  serverId: z.string().trim().min(1, "must not be empty").max(100).optional().describe("open this server's page once signed in"),
});

/**
 * A one-time URL, valid for 60 seconds, that signs a customer in (a billing system's "log in to
 * the control panel" button), optionally straight onto one of its servers' pages. Only the
 * customer's operators may make one: an admin, or its own reseller (another reseller's customer
 * is 404). The customer's second factor is still asked for when it has one on.
 */
export async function createLoginLink({ database, actor, customerId, input, panelUrl }: { database: Database; actor: Actor; customerId: string; input: unknown; panelUrl: string }) {
  const { serverId } = parseInput(ZLoginLinkInput, input ?? {});
  // A token limited to servers speaks for those servers, not for their owners' accounts.
  if (actor.serverIds) throw new AppError("token_server_limited", 403, "This API token is limited to named servers and may not make login links");
  const customer = await findCustomerFor(database, actor, customerId);
  if (customer.suspendedAt) throw new AppError("customer_suspended", 409, "This customer is suspended and cannot sign in");
  if (serverId) {
    const server = await database.server.findFirst({ where: { id: serverId, ownerId: customer.id }, select: { id: true } });
    if (!server) throw new AppError("not_found", 404, `serverId: server ${serverId} is not one of this customer's`);
  }
  const link = await database.$transaction(async (transaction) => {
    const issued = await issueAccountLink(transaction, { userId: customer.id, purpose: "login", redirectPath: serverId ? `/servers/${serverId}` : null, createdById: actor.userId || null });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(customer),
      action: "customer.login_link",
      targetType: "user",
      targetId: customer.id,
      result: "success",
      details: { linkId: issued.id, serverId: serverId ?? null, validSeconds: accountLinkLifetimeSeconds.login },
    });
    return issued;
  });
  return { url: `${panelUrl}${link.path}`, expiresAt: link.expiresAt.toISOString(), serverId: serverId ?? null };
}
