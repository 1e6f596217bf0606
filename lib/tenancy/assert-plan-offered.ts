import type { Database } from "../database/client";
import { AppError } from "../errors";

/**
 * A reseller's customers (and the reseller itself) may use only the plans the admin lets that
 * reseller offer. Unoffered plans are answered like unknown ones: 422 unknown_plan.
 */
export async function assertPlanOffered(
  database: Pick<Database, "resellerPlan">,
  resellerId: string | null,
  plan: { id: string; slug: string },
): Promise<void> {
  if (!resellerId) return;
  const offered = await database.resellerPlan.findUnique({ where: { resellerId_planId: { resellerId, planId: plan.id } } });
  if (!offered) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${plan.slug}"`, { field: "plan" });
}
