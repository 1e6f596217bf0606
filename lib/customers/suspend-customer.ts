import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { findCustomerFor } from "../access/customer-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { endUserSessions } from "../auth/session-version";
import { parseInput } from "../errors";
import { customerFields } from "./customer-fields";

export const ZSuspendCustomerInput = z.object({ reason: z.string().trim().max(500).optional() });

/**
 * Suspends a managed customer: it can no longer sign in (canSignIn) or use its API tokens. Its
 * servers keep running; suspend those separately. Suspending twice changes nothing.
 */
export async function suspendCustomer({ database, actor, customerId, input = {} }: { database: Database; actor: Actor; customerId: string; input?: unknown }) {
  const customer = await findCustomerFor(database, actor, customerId);
  const { reason } = parseInput(ZSuspendCustomerInput, input);
  return database.$transaction(async (transaction) => {
    const suspended = await transaction.user.updateMany({ where: { id: customer.id, suspendedAt: null }, data: { suspendedAt: new Date(), ...endUserSessions } });
    if (suspended.count === 1) {
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        ...auditTenancy(customer),
        action: "customer.suspend",
        targetType: "user",
        targetId: customer.id,
        result: "success",
        details: reason ? { reason } : undefined,
      });
    }
    return transaction.user.findUniqueOrThrow({ where: { id: customer.id }, select: customerFields });
  });
}
