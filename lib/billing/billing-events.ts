import { z } from "zod";
import { ZHostname } from "../domain/hostname";
import { ZAntiAffinityGroup } from "../placement/anti-affinity-group";

const ZServiceId = z.string().trim().min(1, "the billing system's service id is required").max(200);
const service = <Type extends string, Data extends z.ZodRawShape>(type: Type, data: Data) =>
  z.object({
    id: z.string().trim().min(1, "every event needs an id").max(200),
    type: z.literal(type),
    data: z.object({ serviceId: ZServiceId, ...data }),
  });

export const billingEventTypes = ["service.create", "service.suspend", "service.unsuspend", "service.terminate", "service.change_plan"] as const;

export const ZBillingEvent = z.discriminatedUnion("type", [
  service("service.create", {
    customer: z.object({ email: z.email().toLowerCase(), name: z.string().trim().min(1).max(200) }),
    plan: z.string().trim().min(1),
    hostname: ZHostname,
    template: z.string().trim().min(1),
    // Public key lines (a billing system has no saved-key ids), root's password, a first-boot script.
    sshKeys: z.array(z.string()).max(32).optional(),
    rootPassword: z.string().optional(),
    userData: z.string().optional(),
    antiAffinityGroup: ZAntiAffinityGroup.optional(),
  }),
  service("service.suspend", { reason: z.string().max(500).optional() }),
  service("service.unsuspend", {}),
  service("service.terminate", {}),
  service("service.change_plan", { plan: z.string().trim().min(1) }),
]);
export type TBillingEvent = z.infer<typeof ZBillingEvent>;
