import { z } from "zod";
import { defineJob } from "./define-job";

export const jobRegistry = {
  provisionServer: defineJob({
    name: "provisionServer",
    payload: z.object({ orderId: z.string().min(1) }),
    attempts: 5,
    handler: async () => (await import("../servers/provision-server")).provisionServer,
    onFinalFailure: async () => (await import("../servers/provision-server")).failProvisioning,
  }),
};

export type JobName = keyof typeof jobRegistry;
export type JobPayload<Name extends JobName> = z.infer<(typeof jobRegistry)[Name]["payload"]>;

export const queueName = "berth-jobs";
