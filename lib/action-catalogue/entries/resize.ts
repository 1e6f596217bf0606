import { z } from "zod";
import { AppError } from "../../errors";
import { planLimits } from "../../servers/plan-limits";
import { assertPlanOffered } from "../../tenancy/assert-plan-offered";
import { quotaHolderOf } from "../../tenancy/quota-holder";
import { growthOf, shrinkageOf, usageChange, usageOfPlan, ZQuotaUsage } from "../../tenancy/quota-usage";
import { releaseQuota } from "../../tenancy/release-quota";
import { reserveQuota } from "../../tenancy/reserve-quota";
import { defineServerAction, everyone } from "../define-server-action";

export const resize = defineServerAction({
  type: "resize",
  requesters: everyone,
  from: ["running", "stopped"],
  // A provider may change the plan of a server it has suspended (a billing downgrade).
  providersAlsoFrom: ["suspended"],
  input: z.object({ plan: z.string().trim().min(1, "name the new plan") }),
  payload: z.object({
    planId: z.string().min(1),
    // Set when the server counts against a reseller's quota: the change (new plan minus old),
    // whose growth is reserved on acceptance and whose shrinkage is released on completion.
    quota: z.object({ resellerId: z.string().min(1), change: ZQuotaUsage }).optional(),
  }),
  async prepare({ database, server, input }) {
    const plan = await database.plan.findFirst({ where: { slug: input.plan, active: true } });
    if (!plan) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${input.plan}"`, { field: "plan" });
    const quotaHolder = quotaHolderOf(server.owner);
    await assertPlanOffered(database, quotaHolder, plan);
    if (!quotaHolder) return { planId: plan.id };
    return { planId: plan.id, quota: { resellerId: quotaHolder, change: usageChange(usageOfPlan(server.plan), usageOfPlan(plan)) } };
  },
  // A bigger plan takes its growth now, so two resizes cannot both count on the same room (again
  // on an admin's retry, unless the plan already moved).
  async accepted(transaction, { server, payload }) {
    if (payload.quota && server.planId !== payload.planId) await reserveQuota(transaction, payload.quota.resellerId, growthOf(payload.quota.change), "this resize");
  },
  steps: [
    {
      // The agent refuses (disk_in_use) a disk smaller than what the server already uses.
      label: "Applying the new plan's limits",
      run: async ({ database, agent, server, payload }) =>
        agent().containerAction(server.containerName, "limits", { limits: planLimits(await database.plan.findUniqueOrThrow({ where: { id: payload.planId } })) }),
    },
  ],
  outcome: ({ payload }) => ({ plan: { connect: { id: payload.planId } } }),
  // The plan flips with a conditional update, so a retried job releases the shrinkage only once.
  async settle(transaction, { server, payload }) {
    if (!payload.quota) return;
    const moved = await transaction.server.updateMany({ where: { id: server.id, planId: { not: payload.planId } }, data: { planId: payload.planId } });
    if (moved.count === 1) await releaseQuota(transaction, payload.quota.resellerId, shrinkageOf(payload.quota.change));
  },
  async release(transaction, { server, payload }) {
    if (payload.quota && server.planId !== payload.planId) await releaseQuota(transaction, payload.quota.resellerId, growthOf(payload.quota.change));
  },
  billingEvent: "service.change_plan",
  labels: {
    name: "Plan change",
    button: "Change plan",
    running: "Plan change in progress",
    done: "Plan changed",
    description: "More or fewer resources, applied live. A smaller disk is refused while the server already uses more than the new plan allows.",
  },
  panel: { placement: "manage", fields: ["plan"] },
});
