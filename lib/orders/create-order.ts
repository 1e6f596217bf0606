import { z } from "zod";
import { auditActor, isOperatorOf, type Actor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { ZHostname } from "../domain/hostname";
import { ZAntiAffinityGroup } from "../placement/anti-affinity-group";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";
import { resolveFirstBoot, ZFirstBootFields } from "../servers/first-boot-input";
import { assertPlanOffered } from "../tenancy/assert-plan-offered";
import { assertSelfService } from "../tenancy/assert-self-service";
import { customerQuotaHolderOf } from "../tenancy/customer-policy";
import { reserveCustomerQuota } from "../tenancy/reserve-customer-quota";
import { quotaHolderOf } from "../tenancy/quota-holder";
import { usageOfPlan } from "../tenancy/quota-usage";
import { reserveQuota } from "../tenancy/reserve-quota";

export const ZOrderInput = z.object({
  plan: z.string().trim().min(1, "choose a plan"),
  template: z.string().trim().min(1, "choose a template"),
  hostname: ZHostname,
  ...ZFirstBootFields,
  /** The owner's servers with the same label are placed on different hosts (409 anti_affinity_unsatisfiable when that cannot be). */
  antiAffinityGroup: ZAntiAffinityGroup.optional(),
});
export type TOrderInput = z.input<typeof ZOrderInput>;

export interface CreateOrderOptions {
  database: Database;
  queue: JobQueue;
  /** Who will own the server: a customer, or a reseller ordering for itself. */
  customerId: string;
  /** Who orders, when it is not the owner itself (a billing webhook, a reseller, an admin). */
  actor?: Actor;
  input: unknown;
  ipAddress?: string | null;
  /** Set when a billing system orders: its endpoint and its own id for the service. */
  billing?: { billingEndpoint: string; billingServiceId: string };
  /**
   * `sshKeys` are ids of the owner's saved keys (REST, panel) or public key lines (billing
   * webhook); a missing root password is generated (REST, panel) or left locked (webhook).
   */
  firstBoot?: { sshKeysAre: "ids" | "publicKeys"; generateMissingPassword: boolean };
}

/** The container name is fixed by the order, so every retry addresses the same container. */
export function containerNameFor(orderId: string): string {
  return `berth-${orderId}`;
}

/**
 * Records an order, its (pending) server and its provisioning job, then queues the job. Bad
 * input throws before anything is written. A reseller's customer (or the reseller itself) may
 * order only plans the reseller offers, and the server's resources are taken from the
 * reseller's quota in the same transaction as the order, so concurrent orders cannot overrun it;
 * a customer's from its own limits the same way. A customer ordering for itself is refused
 * while the admin has switched self-service ordering off. Root's password is hashed here; one
 * Berth generates (none given) is returned once and stored nowhere.
 */
/** The active plan and template an order names, or 422 naming the one that is not. */
export async function findActivePlanAndTemplate(database: Pick<Database, "plan" | "template">, planSlug: string, templateSlug: string) {
  const plan = await database.plan.findFirst({ where: { slug: planSlug, active: true } });
  if (!plan) throw new AppError("unknown_plan", 422, `plan: no active plan is called "${planSlug}"`, { field: "plan" });
  const template = await database.template.findFirst({ where: { slug: templateSlug, active: true } });
  if (!template) throw new AppError("unknown_template", 422, `template: no active template is called "${templateSlug}"`, { field: "template" });
  return { plan, template };
}

export async function createOrder({ database, queue, customerId, actor, input, ipAddress, billing, firstBoot: firstBootOptions = { sshKeysAre: "ids", generateMissingPassword: true } }: CreateOrderOptions) {
  const { plan: planSlug, template: templateSlug, hostname, antiAffinityGroup = null, ...firstBootInput } = parseInput(ZOrderInput, input);
  const customer = await database.user.findUnique({ where: { id: customerId }, select: { id: true, role: true, resellerId: true } });
  if (!customer || (actor && actor.userId !== customer.id && !isOperatorOf(actor, customer))) {
    throw new AppError("not_found", 404, `customer ${customerId} not found`);
  }
  const quotaHolder = quotaHolderOf(customer);
  const customerQuotaHolder = customerQuotaHolderOf(customer);
  // A customer ordering for itself (panel or its own token), not its provider or a billing system.
  const selfService = customer.role === "customer" && (!actor || (actor.userId === customer.id && actor.via !== "webhook"));
  if (selfService) await assertSelfService(database, customer, "orders");
  const { plan, template } = await findActivePlanAndTemplate(database, planSlug, templateSlug);
  await assertPlanOffered(database, quotaHolder, plan);
  const firstBoot = await resolveFirstBoot(database, { ownerId: customerId, input: firstBootInput, ...firstBootOptions });

  const { order, server, job } = await database.$transaction(async (transaction) => {
    // First, so a refused order writes nothing; the quota goes back when the server is terminated or fails.
    if (quotaHolder) await reserveQuota(transaction, quotaHolder, usageOfPlan(plan));
    if (customerQuotaHolder) await reserveCustomerQuota(transaction, customerQuotaHolder, usageOfPlan(plan));
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
        antiAffinityGroup,
      },
    });
    const job = await createJobRecord(transaction, "provisionServer", { orderId: order.id, firstBoot: firstBoot.payload }, { orderId: order.id, serverId: server.id });
    await recordAuditEvent(transaction, {
      ...(actor ? auditActor(actor) : { actorId: customerId, actorType: "user" as const, ipAddress }),
      ...auditTenancy(customer),
      action: "order.create",
      targetType: "order",
      targetId: order.id,
      result: "success",
      details: { plan: plan.slug, template: template.slug, hostname, antiAffinityGroup, sshKeys: firstBoot.payload.sshKeys.length, rootPassword: firstBoot.generatedRootPassword ? "generated" : firstBoot.payload.rootPasswordHash ? "chosen" : "locked", userData: firstBoot.payload.userData !== null },
    });
    return { order, server, job };
  });

  await enqueueJobRecord(queue, job);
  return { order, server, job, generatedRootPassword: firstBoot.generatedRootPassword };
}
