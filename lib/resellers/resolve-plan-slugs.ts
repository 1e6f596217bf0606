import type { Database } from "../database/client";
import { AppError } from "../errors";

/** The active plans named, or 422 naming the first that does not exist. */
export async function resolvePlanSlugs(database: Pick<Database, "plan">, slugs: string[]) {
  const unique = [...new Set(slugs)];
  const plans = await database.plan.findMany({ where: { slug: { in: unique }, active: true }, select: { id: true, slug: true } });
  const missing = unique.find((slug) => !plans.some((plan) => plan.slug === slug));
  if (missing) throw new AppError("unknown_plan", 422, `plans: no active plan is called "${missing}"`, { field: "plans" });
  return plans;
}
