import type { Actor } from "../access/actor";
import { orderScope } from "../access/order-scope";
import type { Database } from "../database/client";
import { jobErrorFor } from "../jobs/job-error-for";
import { listOrderablePlans } from "../plans/list-orderable-plans";

/*
 * Read models of the panel's order pages, scoped through orderScope(actor) like the writes.
 */

/** The reader's own orders still on their way (pending, provisioning) and ones that failed, newest first. */
export async function listOwnOpenOrders(database: Database, actor: Actor) {
  return database.order.findMany({
    where: { AND: [orderScope(actor), { customerId: actor.userId, status: { in: ["pending", "provisioning", "failed"] } }] },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      hostname: true,
      status: true,
      failureReason: true,
      createdAt: true,
      plan: { select: { name: true } },
      template: { select: { name: true } },
    },
  });
}

export interface OrderProgress {
  status: string;
  progress: number;
  step: string | null;
  error: string | null;
  serverId: string | null;
}

/** What the order page and GET /api/orders/[id]/progress show; null if the reader may not see the order. */
export async function findOrderProgress(database: Database, actor: Actor, orderId: string): Promise<OrderProgress | null> {
  const order = await database.order.findFirst({
    where: { AND: [{ id: orderId }, orderScope(actor)] },
    select: {
      status: true,
      failureReason: true,
      server: { select: { id: true } },
      jobs: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, state: true, progress: true, step: true, error: true, publicError: true } },
    },
  });
  if (!order) return null;
  const job = order.jobs[0];
  const completed = order.status === "completed";
  const failed = order.status === "failed";
  return {
    status: order.status,
    progress: completed ? 100 : Math.max(0, Math.min(100, job?.progress ?? 0)),
    step: completed ? "Server is ready" : (job?.step ?? (failed ? null : "Waiting for a worker")),
    error: failed ? (order.failureReason ?? (job ? jobErrorFor(job, actor) : null) ?? "provisioning failed") : null,
    serverId: order.server?.id ?? null,
  };
}

export async function findOrderView(database: Database, actor: Actor, orderId: string) {
  const order = await database.order.findFirst({
    where: { AND: [{ id: orderId }, orderScope(actor)] },
    select: {
      id: true,
      hostname: true,
      status: true,
      createdAt: true,
      customer: { select: { role: true, resellerId: true } },
      plan: { select: { id: true, name: true, vcpus: true, memoryMb: true, diskMb: true, monthlyPriceCents: true } },
      template: { select: { name: true } },
    },
  });
  if (!order) return null;
  // A reseller's customer pays its reseller's price (null: not priced), never the admin's.
  const { customer, ...view } = order;
  if (customer.role !== "customer" || !customer.resellerId) return view;
  const offered = await database.resellerPlan.findUnique({ where: { resellerId_planId: { resellerId: customer.resellerId, planId: order.plan.id } }, select: { monthlyPriceCents: true } });
  return { ...view, plan: { ...view.plan, monthlyPriceCents: offered?.monthlyPriceCents ?? null } };
}

/** What the reader may order for itself: the plans it may buy (its reseller's offer, if it has one) and active templates. */
export async function listOrderChoices(database: Database, actor: Actor) {
  const [plans, templates] = await Promise.all([
    listOrderablePlans(database, actor.userId),
    database.template.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { slug: true, name: true } }),
  ]);
  return { plans, templates };
}
