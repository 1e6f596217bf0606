import type { Database, Transaction } from "../database/client";

/** The admin's rules for every customer, as stored (id "global"); these defaults until the admin saves its own. */
export const defaultCustomerPolicy = {
  maxServers: 10,
  maxVcpus: 16,
  maxMemoryMb: 32_768,
  maxDiskMb: 512_000,
  maxIpv4: 10,
  selfServiceOrders: true,
  selfServicePlanChanges: true,
  billingServersSelfResize: false,
};
export type CustomerPolicy = typeof defaultCustomerPolicy;

export const customerPolicyId = "global";

/** The admin's customer defaults and self-service switches (the stored row, else the defaults). */
export async function readCustomerPolicy(database: Pick<Database | Transaction, "customerPolicy">): Promise<CustomerPolicy> {
  const row = await database.customerPolicy.findUnique({ where: { id: customerPolicyId } });
  if (!row) return { ...defaultCustomerPolicy };
  const { id: _id, updatedAt: _updatedAt, ...policy } = row;
  return policy;
}

/** The customer whose own limits a user's servers count against: customers only (resellers have theirs, admins none). */
export function customerQuotaHolderOf(owner: { id: string; role: string }): string | null {
  return owner.role === "customer" ? owner.id : null;
}
