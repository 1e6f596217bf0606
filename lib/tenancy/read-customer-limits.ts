import type { Actor } from "../access/actor";
import { customerScope } from "../access/customer-scope";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { readCustomerPolicy } from "./customer-policy";

const limitFields = ["maxServers", "maxVcpus", "maxMemoryMb", "maxDiskMb", "maxIpv4"] as const;

/**
 * The limits of the customers named that the actor manages (others are left out): each limit's
 * override (null: the admin's default), the limit in force, what is used, and the switches.
 * A customer without a quota row yet shows no use (it is counted at its next order).
 */
export async function readCustomerLimits({ database, actor, customerIds }: { database: Database; actor: Actor; customerIds: string[] }) {
  requireRole(actor, "admin", "reseller");
  const customers = await database.user.findMany({ where: { AND: [{ id: { in: customerIds } }, customerScope(actor)] }, select: { id: true } });
  const ids = customers.map((customer) => customer.id);
  const [policy, rows] = await Promise.all([readCustomerPolicy(database), database.customerQuota.findMany({ where: { customerId: { in: ids } } })]);
  return Object.fromEntries(
    ids.map((id) => {
      const row = rows.find((quota) => quota.customerId === id);
      const overrides = Object.fromEntries(limitFields.map((field) => [field, row?.[field] ?? null])) as Record<(typeof limitFields)[number], number | null>;
      const inForce = Object.fromEntries(limitFields.map((field) => [field, overrides[field] ?? policy[field]])) as Record<(typeof limitFields)[number], number>;
      return [
        id,
        {
          overrides,
          inForce,
          used: { servers: row?.usedServers ?? 0, vcpus: row?.usedVcpus ?? 0, memoryMb: row?.usedMemoryMb ?? 0, diskMb: row?.usedDiskMb ?? 0, ipv4: row?.usedIpv4 ?? 0 },
          selfServiceOrders: row?.selfServiceOrders ?? true,
          selfServicePlanChanges: row?.selfServicePlanChanges ?? true,
        },
      ];
    }),
  );
}
