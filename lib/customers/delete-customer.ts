import { auditActor, type Actor } from "../access/actor";
import { findCustomerFor } from "../access/customer-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { endUserSessions } from "../auth/session-version";
import { AppError } from "../errors";

/**
 * Deletes a managed customer once all its servers are terminated (else 409). The account is
 * closed, not erased: it can no longer sign in, its tokens are revoked and its email is freed,
 * while its terminated servers, orders, jobs and audit trail stay on record.
 */
export async function deleteCustomer({ database, actor, customerId }: { database: Database; actor: Actor; customerId: string }) {
  const customer = await findCustomerFor(database, actor, customerId);
  await database.$transaction(async (transaction) => {
    // Checked inside the transaction, so an order placed a moment ago is seen.
    const liveServers = await transaction.server.count({ where: { ownerId: customer.id, status: { not: "terminated" } } });
    if (liveServers > 0) {
      throw new AppError("customer_has_servers", 409, `This customer still has ${liveServers} server(s) that are not terminated; terminate them first`, {
        servers: liveServers,
      });
    }
    const now = new Date();
    await transaction.apiToken.updateMany({ where: { ownerId: customer.id, revokedAt: null }, data: { revokedAt: now } });
    await transaction.user.update({
      where: { id: customer.id },
      data: { deletedAt: now, suspendedAt: customer.suspendedAt ?? now, email: `deleted-${customer.id}@deleted.invalid`, ...endUserSessions },
    });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(customer),
      action: "customer.delete",
      targetType: "user",
      targetId: customer.id,
      result: "success",
      details: { email: customer.email },
    });
  });
}
