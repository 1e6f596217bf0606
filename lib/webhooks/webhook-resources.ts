import { z } from "zod";
import type { OutgoingWebhook, WebhookDelivery } from "../generated/prisma/client";
import { serverEventTypes, type ServerEventType } from "../notifications/server-events";
import { storedWebhookEvents } from "./webhook-fields";

// What the REST API and the panel show of endpoints and deliveries; the OpenAPI document is built from these.

export const webhookDeliveryStates = ["pending", "delivered", "failed"] as const;
export type TWebhookDeliveryState = (typeof webhookDeliveryStates)[number];

export const ZWebhookResource = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(serverEventTypes)),
  active: z.boolean(),
  createdAt: z.string().describe("ISO 8601"),
});

export const ZWebhookDeliveryResource = z.object({
  id: z.string().describe("also sent as the Berth-Delivery header"),
  webhookId: z.string(),
  eventId: z.string().describe("the body's id: the same in every delivery of one event, so receivers can drop repeats"),
  type: z.enum(serverEventTypes),
  state: z.enum(webhookDeliveryStates).describe("pending until a 2xx answer (delivered) or until the retries are used up (failed)"),
  attempts: z.number().int().describe("attempts since it was queued or last sent again"),
  responseStatus: z.number().int().nullable().describe("the HTTP status of the last answer"),
  responseBody: z.string().nullable().describe("the first 2 KiB of the last answer"),
  error: z.string().nullable().describe("why the last attempt got no answer (network error, timeout, refused address)"),
  createdAt: z.string().describe("ISO 8601"),
  deliveredAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe("when it is tried next; null once delivered or failed"),
});

export function webhookResource(webhook: OutgoingWebhook): z.infer<typeof ZWebhookResource> {
  return { id: webhook.id, url: webhook.url, events: storedWebhookEvents(webhook.events), active: webhook.active, createdAt: webhook.createdAt.toISOString() };
}

export function webhookDeliveryResource(delivery: WebhookDelivery): z.infer<typeof ZWebhookDeliveryResource> {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    // Written only by queueWebhookDeliveries and the sweep, from these same lists.
    type: delivery.type as ServerEventType,
    state: delivery.state as TWebhookDeliveryState,
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus,
    responseBody: delivery.responseBody,
    error: delivery.error,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: delivery.state === "pending" ? delivery.nextAttemptAt.toISOString() : null,
  };
}
