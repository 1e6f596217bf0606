import { z } from "zod";
import { serverActionOf, ZServerActionPayload } from "../action-catalogue/catalogue";
import { ZFirstBootPayload } from "../servers/first-boot-input";
import { defineJob, type JobDefinition } from "./define-job";

export const jobRegistry = {
  provisionServer: defineJob({
    name: "provisionServer",
    // firstBoot is absent in jobs queued before first-boot settings existed.
    payload: z.object({ orderId: z.string().min(1), firstBoot: ZFirstBootPayload.optional() }),
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
  // The build id the agent gets is the job's id, so a retry follows the same build.
  buildImage: defineJob({
    name: "buildImage",
    payload: z.object({ hostId: z.string().min(1), image: z.string().min(1) }),
    attempts: 3,
    publicName: (payload) => `build of image ${payload.image}`,
    handler: async () => (await import("../images/run-image-job")).buildImage,
  }),
  importImage: defineJob({
    name: "importImage",
    payload: z.object({ hostId: z.string().min(1), image: z.string().min(1), path: z.string().min(1) }),
    attempts: 3,
    publicName: (payload) => `import of image ${payload.image}`,
    handler: async () => (await import("../images/run-image-job")).importImage,
    onFinalFailure: async () => (await import("../images/run-image-job")).abandonImageImport,
  }),
  // The host's pools and port forwards, given to its agent whole (idempotent).
  syncHostNetwork: defineJob({
    name: "syncHostNetwork",
    payload: z.object({ hostId: z.string().min(1) }),
    attempts: 5,
    publicName: () => "network update",
    handler: async () => (await import("../network/host-network-sync")).syncHostNetwork,
  }),
  // A server's firewall as its row says now; the agent keeps a newer version over an older one.
  applyFirewall: defineJob({
    name: "applyFirewall",
    payload: z.object({ serverId: z.string().min(1) }),
    attempts: 5,
    publicName: () => "firewall change",
    handler: async () => (await import("../firewall/apply-firewall")).applyFirewall,
  }),
};

export type JobName = keyof typeof jobRegistry;

/** The definition of a job type named by a Job row or a BullMQ job, if it is one of ours. */
export function jobDefinitionOf(type: string): JobDefinition<z.ZodType> | undefined {
  return Object.hasOwn(jobRegistry, type) ? (jobRegistry as Record<string, JobDefinition<z.ZodType>>)[type] : undefined;
}
export type JobPayload<Name extends JobName> = z.infer<(typeof jobRegistry)[Name]["payload"]>;

export const queueName = "berth-jobs";
