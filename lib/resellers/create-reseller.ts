import { z } from "zod";
import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { createUser } from "../users/create-user";
import { ZEmail, ZName, ZPassword } from "../customers/customer-fields";
import { describeQuota, ZPlanSlugs, ZResellerQuotaInput } from "./reseller-fields";
import { resolvePlanSlugs } from "./resolve-plan-slugs";

export const ZCreateResellerInput = z.object({
  email: ZEmail,
  name: ZName,
  password: ZPassword.optional(),
  quota: ZResellerQuotaInput,
  /** Slugs of the plans it may offer; none means it cannot sell yet. */
  plans: ZPlanSlugs.default([]),
});
export type TCreateResellerInput = z.input<typeof ZCreateResellerInput>;

/**
 * Creates a reseller with its quota and offered plans (admins only), all in the user's
 * transaction. Returns the generated password when none was given, to be shown once.
 */
export async function createReseller({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireRole(actor, "admin");
  const { email, name, password, quota, plans: planSlugs } = parseInput(ZCreateResellerInput, input);
  const plans = await resolvePlanSlugs(database, planSlugs);
  const { user, generatedPassword } = await createUser({
    database,
    actor,
    input: { email, name, password, role: "reseller" },
    async withinTransaction(transaction, created) {
      await transaction.resellerQuota.create({ data: { resellerId: created.id, ...quota } });
      await transaction.resellerPlan.createMany({ data: plans.map((plan) => ({ resellerId: created.id, planId: plan.id })) });
    },
  });
  return {
    reseller: user,
    quota: describeQuota({ ...quota, usedServers: 0, usedVcpus: 0, usedMemoryMb: 0, usedDiskMb: 0, usedIpv4: 0 }),
    plans: plans.map((plan) => plan.slug).sort(),
    generatedPassword,
  };
}
