import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { findResellerFor } from "./find-reseller";
import { ZPlanSlugs } from "./reseller-fields";
import { resolvePlanSlugs } from "./resolve-plan-slugs";

export const ZOfferedPlansInput = z.object({ plans: ZPlanSlugs });

/**
 * Replaces the plans a reseller may offer (admins only). Servers already on a plan no longer
 * offered keep it; only new orders and resizes are refused.
 */
export async function setOfferedPlans({ database, actor, resellerId, input }: { database: Database; actor: Actor; resellerId: string; input: unknown }) {
  const reseller = await findResellerFor(database, actor, resellerId);
  const plans = await resolvePlanSlugs(database, parseInput(ZOfferedPlansInput, input).plans);
  await database.$transaction(async (transaction) => {
    // Plans still offered keep the reseller's own price.
    await transaction.resellerPlan.deleteMany({ where: { resellerId: reseller.id, planId: { notIn: plans.map((plan) => plan.id) } } });
    const kept = await transaction.resellerPlan.findMany({ where: { resellerId: reseller.id }, select: { planId: true } });
    const added = plans.filter((plan) => !kept.some((offered) => offered.planId === plan.id));
    await transaction.resellerPlan.createMany({ data: added.map((plan) => ({ resellerId: reseller.id, planId: plan.id })) });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(reseller),
      action: "reseller.plans.set",
      targetType: "user",
      targetId: reseller.id,
      result: "success",
      details: { plans: plans.map((plan) => plan.slug) },
    });
  });
  return plans.map((plan) => plan.slug).sort();
}
