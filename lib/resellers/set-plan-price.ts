import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";

export const ZPlanPriceInput = z.object({
  plan: z.string().trim().min(1, "name the plan"),
  /** What the reseller's customers pay per month, in cents; null hides the price again. */
  monthlyPriceCents: z.number().int("must be a whole number of cents").min(0, "must not be negative").max(100_000_000).nullable(),
});
export type TPlanPriceInput = z.input<typeof ZPlanPriceInput>;

/** Sets the acting reseller's own monthly price for a plan it offers (422 unknown_plan for any other). */
export async function setPlanPrice({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireRole(actor, "reseller");
  const { plan: slug, monthlyPriceCents } = parseInput(ZPlanPriceInput, input);
  return database.$transaction(async (transaction) => {
    const plan = await transaction.plan.findUnique({ where: { slug }, select: { id: true } });
    const changed = plan
      ? await transaction.resellerPlan.updateMany({ where: { resellerId: actor.userId, planId: plan.id }, data: { monthlyPriceCents } })
      : { count: 0 };
    if (changed.count !== 1) throw new AppError("unknown_plan", 422, `plan: you do not offer a plan called "${slug}"`, { field: "plan" });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy({ id: actor.userId, resellerId: null }),
      action: "reseller.plan_price.set",
      targetType: "plan",
      targetId: plan!.id,
      result: "success",
      details: { plan: slug, monthlyPriceCents },
    });
    return { plan: slug, monthlyPriceCents };
  });
}
