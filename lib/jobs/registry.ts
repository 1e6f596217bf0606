import { z } from "zod";
import { serverActionOf, ZServerActionPayload } from "../action-catalogue/catalogue";
import { defineJob, type JobDefinition } from "./define-job";

export const jobRegistry = {
  provisionServer: defineJob({
    name: "provisionServer",
    payload: z.object({ orderId: z.string().min(1) }),
    attempts: 5,
    publicName: () => "server setup",
    handler: async () => (await import("../servers/provision-server")).provisionServer,
    onFinalFailure: async () => (await import("../servers/provision-server")).failProvisioning,
  }),
  serverAction: defineJob({
    name: "serverAction",
    payload: ZServerActionPayload,
    attempts: 5,
    publicName: (payload) => serverActionOf(payload.action.type).labels.name.toLowerCase(),
    handler: async () => (await import("../action-catalogue/run-server-action")).runServerAction,
    isReady: async () => (await import("../action-catalogue/run-server-action")).holdsServerTurn,
    onFinalFailure: async () => (await import("../action-catalogue/run-server-action")).recordServerActionFailure,
  }),
};

export type JobName = keyof typeof jobRegistry;

/** The definition of a job type named by a Job row or a BullMQ job, if it is one of ours. */
export function jobDefinitionOf(type: string): JobDefinition<z.ZodType> | undefined {
  return Object.hasOwn(jobRegistry, type) ? (jobRegistry as Record<string, JobDefinition<z.ZodType>>)[type] : undefined;
}
export type JobPayload<Name extends JobName> = z.infer<(typeof jobRegistry)[Name]["payload"]>;

export const queueName = "berth-jobs";
