import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/**
 * Deactivates a plan (no new orders or resizes onto it; servers on it keep running) or offers
 * it again (admins only). Setting the state it already has changes nothing.
 */
export async function setPlanActive({ database, actor, planId, active }: { database: Database; actor: Actor; planId: string; active: boolean }) {
  requireAdmin(actor, "plan");
  return database.$transaction(async (transaction) => {
    const plan = await transaction.plan.findUnique({ where: { id: planId } });
    if (!plan) throw new AppError("not_found", 404, `plan ${planId} not found`);
    if (plan.active === active) return plan;
    const updated = await transaction.plan.update({ where: { id: planId }, data: { active } });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: active ? "plan.activate" : "plan.deactivate",
      targetType: "plan",
      targetId: plan.id,
      result: "success",
      details: { slug: plan.slug },
    });
    return updated;
  });
}
