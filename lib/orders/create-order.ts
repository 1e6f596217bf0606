import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { ZHostname } from "../domain/hostname";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";

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
  /** Set when a billing system orders: its endpoint and its own id for the service. */
  billing?: { billingEndpoint: string; billingServiceId: string };
}

/** The container name is fixed by the order, so every retry addresses the same container. */
export function containerNameFor(orderId: string): string {
  return `berth-${orderId}`;
}

/**
 * Records an order, its (pending) server and its provisioning job, then queues the job. Bad
 * input throws before anything is written.
 */
export async function createOrder({ database, queue, customerId, input, ipAddress, billing }: CreateOrderOptions) {
  const { plan: planSlug, template: templateSlug, hostname } = parseInput(ZOrderInput, input);
  const plan = await database.plan.findFirst({ where: { slug: planSlug, active: true } });
  if (!plan) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${planSlug}"`, { field: "plan" });
  const template = await database.template.findFirst({ where: { slug: templateSlug, active: true } });
  if (!template) {
    throw new AppError("unknown_template", 422, `template: no active template is called "${templateSlug}"`, { field: "template" });
  }

  const { order, server, job } = await database.$transaction(async (transaction) => {
    const order = await transaction.order.create({
      data: { customerId, planId: plan.id, templateId: template.id, hostname, ...billing },
    });
    // The server exists (pending) from the start, so callers can follow it by id at once.
    const server = await transaction.server.create({
      data: {
        orderId: order.id,
        hostname,
        ownerId: customerId,
        planId: plan.id,
        templateId: template.id,
        containerName: containerNameFor(order.id),
      },
    });
    const job = await createJobRecord(transaction, "provisionServer", { orderId: order.id }, { orderId: order.id, serverId: server.id });
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
    return { order, server, job };
  });

  await enqueueJobRecord(queue, job);
  return { order, server, job };
}
