import { z } from "zod";

const ZWholeAmount = z.number().int("must be a whole number").min(0, "must not be negative").max(1_000_000_000);
const ZVcpus = z.number().min(0, "must not be negative").max(100_000);

/** The admin's defaults for every customer without its own limits, and the global switches. */
export const ZCustomerPolicyInput = z.object({
  maxServers: ZWholeAmount,
  maxVcpus: ZVcpus,
  maxMemoryMb: ZWholeAmount,
  maxDiskMb: ZWholeAmount,
  maxIpv4: ZWholeAmount,
  selfServiceOrders: z.boolean(),
  selfServicePlanChanges: z.boolean(),
  billingServersSelfResize: z.boolean(),
});
export type TCustomerPolicyInput = z.input<typeof ZCustomerPolicyInput>;

/** One customer's own limits (null: the admin's default) and, for the admin only, its switches. */
export const ZCustomerLimitsInput = z.object({
  maxServers: ZWholeAmount.nullable(),
  maxVcpus: ZVcpus.nullable(),
  maxMemoryMb: ZWholeAmount.nullable(),
  maxDiskMb: ZWholeAmount.nullable(),
  maxIpv4: ZWholeAmount.nullable(),
  selfServiceOrders: z.boolean().optional(),
  selfServicePlanChanges: z.boolean().optional(),
});
export type TCustomerLimitsInput = z.input<typeof ZCustomerLimitsInput>;

/** A reseller's switches for all its customers (admins only). */
export const ZResellerSelfServiceInput = z.object({ selfServiceOrders: z.boolean(), selfServicePlanChanges: z.boolean() });
