import { auditActor, type Actor } from "../access/actor";
import { findCustomerFor } from "../access/customer-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { customerFields } from "./customer-fields";

/** Lets a suspended customer sign in and use its API tokens again. Unsuspending twice changes nothing. */
export async function unsuspendCustomer({ database, actor, customerId }: { database: Database; actor: Actor; customerId: string }) {
  const customer = await findCustomerFor(database, actor, customerId);
  return database.$transaction(async (transaction) => {
    const unsuspended = await transaction.user.updateMany({ where: { id: customer.id, suspendedAt: { not: null } }, data: { suspendedAt: null } });
    if (unsuspended.count === 1) {
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        ...auditTenancy(customer),
        action: "customer.unsuspend",
        targetType: "user",
        targetId: customer.id,
        result: "success",
      });
    }
    return transaction.user.findUniqueOrThrow({ where: { id: customer.id }, select: customerFields });
  });
}
