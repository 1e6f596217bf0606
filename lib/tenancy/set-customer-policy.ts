import { auditActor, type Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { customerPolicyId } from "./customer-policy";
import { ZCustomerPolicyInput } from "./customer-limit-fields";

/**
 * Sets the admin's limits for every customer without its own, and the global self-service
 * switches (admins only). A lower default refuses new orders of customers already above it;
 * their servers are kept.
 */
export async function setCustomerPolicy({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireRole(actor, "admin");
  const policy = parseInput(ZCustomerPolicyInput, input);
  return database.$transaction(async (transaction) => {
    const saved = await transaction.customerPolicy.upsert({ where: { id: customerPolicyId }, create: { id: customerPolicyId, ...policy }, update: policy });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "customers.policy.set",
      targetType: "settings",
      targetId: customerPolicyId,
      result: "success",
      details: { ...policy },
    });
    return saved;
  });
}
