import type { Database, Transaction } from "../database/client";
import { AppError } from "../errors";
import { readCustomerPolicy } from "./customer-policy";

export type SelfService = "orders" | "planChanges";

const switchColumn = { orders: "selfServiceOrders", planChanges: "selfServicePlanChanges" } as const;
const what = { orders: "Ordering servers yourself", planChanges: "Changing plans yourself" } as const;

/**
 * A customer acting for itself may order / change plans only while the admin has not switched
 * that off globally, for the customer's reseller or for the customer (403 self_service_disabled).
 * Operators and billing systems acting for it are not asked.
 */
export async function assertSelfService(
  database: Pick<Database | Transaction, "customerPolicy" | "resellerQuota" | "customerQuota">,
  customer: { id: string; resellerId: string | null },
  kind: SelfService,
): Promise<void> {
  const column = switchColumn[kind];
  const policy = await readCustomerPolicy(database);
  const switches = { selfServiceOrders: true, selfServicePlanChanges: true } as const;
  const reseller = customer.resellerId ? await database.resellerQuota.findUnique({ where: { resellerId: customer.resellerId }, select: switches }) : null;
  const own = await database.customerQuota.findUnique({ where: { customerId: customer.id }, select: switches });
  const level = !policy[column] ? "global" : reseller && reseller[column] === false ? "reseller" : own && own[column] === false ? "customer" : null;
  if (!level) return;
  throw new AppError("self_service_disabled", 403, `${what[kind]} is switched off for this account; ask your provider`, { action: kind, level });
}
