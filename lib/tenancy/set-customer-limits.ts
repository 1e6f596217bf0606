import { auditActor, isOperatorOf, type Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { ZCustomerLimitsInput } from "./customer-limit-fields";
import { ensureCustomerQuota } from "./reserve-customer-quota";

const limitFields = ["maxServers", "maxVcpus", "maxMemoryMb", "maxDiskMb", "maxIpv4"] as const;

/**
 * Sets one customer's own limits (null: the admin's default): the admin for any customer, a
 * reseller for its own customers and never above its own quota's limits. Only the admin may
 * switch a customer's self-service off or on (403 for a reseller that tries). A limit below what
 * the customer already uses refuses its next orders and keeps its servers.
 */
export async function setCustomerLimits({ database, actor, customerId, input }: { database: Database; actor: Actor; customerId: string; input: unknown }) {
  requireRole(actor, "admin", "reseller");
  const limits = parseInput(ZCustomerLimitsInput, input);
  const customer = await database.user.findFirst({ where: { id: customerId, role: "customer", deletedAt: null }, select: { id: true, resellerId: true } });
  if (!customer || !isOperatorOf(actor, customer)) throw new AppError("not_found", 404, `customer ${customerId} not found`);
  const switches = { selfServiceOrders: limits.selfServiceOrders, selfServicePlanChanges: limits.selfServicePlanChanges };
  if (actor.role !== "admin" && (switches.selfServiceOrders !== undefined || switches.selfServicePlanChanges !== undefined)) {
    throw new AppError("forbidden", 403, "Only the admin can switch a customer's self-service on or off");
  }
  if (actor.role === "reseller") {
    const quota = await database.resellerQuota.findUnique({ where: { resellerId: actor.userId } });
    const above = limitFields.find((field) => limits[field] !== null && (!quota || limits[field]! > quota[field]));
    if (above) {
      throw new AppError("above_reseller_quota", 422, `${above}: must not be more than your own quota allows (${quota?.[above] ?? 0})`, { field: above });
    }
  }
  const data = { ...Object.fromEntries(limitFields.map((field) => [field, limits[field]])), ...(actor.role === "admin" ? switches : {}) };
  return database.$transaction(async (transaction) => {
    await ensureCustomerQuota(transaction, customer.id);
    const saved = await transaction.customerQuota.update({ where: { customerId: customer.id }, data });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(customer),
      action: "customer.limits.set",
      targetType: "user",
      targetId: customer.id,
      result: "success",
      details: data,
    });
    return saved;
  });
}
