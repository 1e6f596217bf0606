import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { ZHostname } from "../domain/hostname";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";

export const ZOrderInput = z.object({
  plan: z.string().trim().min(1, "choose a plan"),
  template: z.string().trim().min(1, "choose a template"),
  hostname: ZHostname,
});
export type TOrderInput = z.input<typeof ZOrderInput>;

export interface CreateOrderOptions {
  database: Database;
  queue: JobQueue;
  customerId: string;
  input: unknown;
  ipAddress?: string | null;
}

/**
 * Records an order and its provisioning job, then queues the job. Bad input throws before
 * anything is written. If queuing fails the order stays with a queued job that the worker
 * picks up when it starts (worker/recover-jobs), so nothing is lost.
 */
export async function createOrder({ database, queue, customerId, input, ipAddress }: CreateOrderOptions) {
  const { plan: planSlug, template: templateSlug, hostname } = parseInput(ZOrderInput, input);
  const plan = await database.plan.findFirst({ where: { slug: planSlug, active: true } });
  if (!plan) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${planSlug}"`, { field: "plan" });
  const template = await database.template.findFirst({ where: { slug: templateSlug, active: true } });
  if (!template) {
    throw new AppError("unknown_template", 422, `template: no active template is called "${templateSlug}"`, { field: "template" });
  }

  const { order, job } = await database.$transaction(async (transaction) => {
    const order = await transaction.order.create({
      data: { customerId, planId: plan.id, templateId: template.id, hostname },
    });
    const job = await transaction.job.create({ data: { type: "provisionServer", orderId: order.id } });
    await recordAuditEvent(transaction, {
      actorId: customerId,
      actorType: "user",
      action: "order.create",
      targetType: "order",
      targetId: order.id,
      result: "success",
      details: { plan: plan.slug, template: template.slug, hostname },
      ipAddress,
    });
    return { order, job };
  });

  try {
    await queue.enqueue("provisionServer", { orderId: order.id }, job.id);
  } catch (error) {
    console.error(`[orders] queuing order ${order.id} failed, the worker will recover it: ${(error as Error).message}`);
  }
  return { order, job };
}
