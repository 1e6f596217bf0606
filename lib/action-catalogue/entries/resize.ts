import { z } from "zod";
import { AppError } from "../../errors";
import { planLimits } from "../../servers/plan-limits";
import { assertPlanOffered } from "../../tenancy/assert-plan-offered";
import { assertSelfService } from "../../tenancy/assert-self-service";
import { customerQuotaHolderOf, readCustomerPolicy } from "../../tenancy/customer-policy";
import { quotaHolderOf } from "../../tenancy/quota-holder";
import { growthOf, shrinkageOf, usageChange, usageOfPlan, ZQuotaUsage } from "../../tenancy/quota-usage";
import { releaseQuota } from "../../tenancy/release-quota";
import { reserveQuota } from "../../tenancy/reserve-quota";
import { releaseCustomerQuota, reserveCustomerQuota } from "../../tenancy/reserve-customer-quota";
import type { Transaction } from "../../database/client";
import type { QuotaUsage } from "../../tenancy/quota-usage";
import { defineServerAction, everyone } from "../define-server-action";

type QuotaHolders = { resellerId?: string; customerId?: string };

async function reserveUsage(transaction: Transaction, holders: QuotaHolders, usage: QuotaUsage) {
  if (holders.resellerId) await reserveQuota(transaction, holders.resellerId, usage, "this resize");
  if (holders.customerId) await reserveCustomerQuota(transaction, holders.customerId, usage, "this resize");
}

async function releaseUsage(transaction: Transaction, holders: QuotaHolders, usage: QuotaUsage) {
  if (holders.resellerId) await releaseQuota(transaction, holders.resellerId, usage);
  if (holders.customerId) await releaseCustomerQuota(transaction, holders.customerId, usage);
}

export const resize = defineServerAction({
  type: "resize",
  requesters: everyone,
  from: ["running", "stopped"],
  // A provider may change the plan of a server it has suspended (a billing downgrade).
  providersAlsoFrom: ["suspended"],
  input: z.object({ plan: z.string().trim().min(1, "name the new plan") }),
  payload: z.object({
    planId: z.string().min(1),
    // Set when the server counts against a reseller's quota or a customer's limits: the change
    // (new plan minus old), whose growth is reserved on acceptance and whose shrinkage is
    // released on completion, from each of them.
    quota: z.object({ resellerId: z.string().min(1).optional(), customerId: z.string().min(1).optional(), change: ZQuotaUsage }).optional(),
  }),
  async prepare({ database, requester, server, input }) {
    // The customer itself, while the admin has switched self-service plan changes off (403).
    if (requester === "customer" && server.owner.role === "customer") await assertSelfService(database, server.owner, "planChanges");
    // A server its billing system ordered changes plan through that system only, unless the admin allows otherwise.
    if (requester !== "billing" && server.orderId) {
      const order = await database.order.findUnique({ where: { id: server.orderId }, select: { billingEndpoint: true } });
      if (order?.billingEndpoint && !(await readCustomerPolicy(database)).billingServersSelfResize) {
        throw new AppError("plan_managed_by_billing", 403, "This server's plan is managed by its billing system; change it there", { action: "resize" });
      }
    }
    const plan = await database.plan.findFirst({ where: { slug: input.plan, active: true } });
    if (!plan) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${input.plan}"`, { field: "plan" });
    const quotaHolder = quotaHolderOf(server.owner);
    await assertPlanOffered(database, quotaHolder, plan);
    const customerId = customerQuotaHolderOf(server.owner);
    if (!quotaHolder && !customerId) return { planId: plan.id };
    const change = usageChange(usageOfPlan(server.plan), usageOfPlan(plan));
    return { planId: plan.id, quota: { ...(quotaHolder ? { resellerId: quotaHolder } : {}), ...(customerId ? { customerId } : {}), change } };
  },
  // A bigger plan takes its growth now, so two resizes cannot both count on the same room (again
  // on an admin's retry, unless the plan already moved).
  async accepted(transaction, { server, payload }) {
    if (payload.quota && server.planId !== payload.planId) await reserveUsage(transaction, payload.quota, growthOf(payload.quota.change));
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
    if (moved.count === 1) await releaseUsage(transaction, payload.quota, shrinkageOf(payload.quota.change));
  },
  async release(transaction, { server, payload }) {
    if (payload.quota && server.planId !== payload.planId) await releaseUsage(transaction, payload.quota, growthOf(payload.quota.change));
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
