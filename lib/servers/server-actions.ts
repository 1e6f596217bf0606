import { z } from "zod";

// The actions of POST /api/v1/servers/{id}/actions; terminate has its own door (DELETE).
export const ZServerActionInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({ type: z.literal("stop") }),
  z.object({ type: z.literal("reboot") }),
  z.object({ type: z.literal("suspend"), reason: z.string().trim().max(500).optional() }),
  z.object({ type: z.literal("unsuspend") }),
  z.object({ type: z.literal("resize"), plan: z.string().trim().min(1, "name the new plan") }),
  z.object({ type: z.literal("reinstall"), template: z.string().trim().min(1).optional() }),
]);
export type TServerActionInput = z.infer<typeof ZServerActionInput>;

const ZQuotaUsage = z.object({ servers: z.number(), vcpus: z.number(), memoryMb: z.number(), diskMb: z.number(), ipv4: z.number() });

/** What the worker runs: plan and template already resolved to ids when the action was accepted. */
export const ZServerActionPayload = z.object({
  serverId: z.string().min(1),
  action: z.discriminatedUnion("type", [
    z.object({ type: z.enum(["start", "stop", "reboot", "suspend", "unsuspend", "terminate"]) }),
    z.object({
      type: z.literal("resize"),
      planId: z.string().min(1),
      // Set when the server counts against a reseller's quota: the change (new plan minus old),
      // whose growth was reserved on acceptance and whose shrinkage is released on completion.
      quota: z.object({ resellerId: z.string().min(1), change: ZQuotaUsage }).optional(),
    }),
    z.object({ type: z.literal("reinstall"), templateId: z.string().min(1) }),
  ]),
});
export type TServerActionPayload = z.infer<typeof ZServerActionPayload>;
export type ServerActionType = TServerActionPayload["action"]["type"];
