import type { Transaction } from "../database/client";
import type { ServerEvent } from "../notifications/server-events";
import { subscribesTo } from "./subscribes-to";

/** The body every endpoint gets for an event; stored as sent, so each attempt signs the same bytes. */
export function webhookPayloadOf(event: ServerEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt, data: event.data });
}

/**
 * One delivery per active endpoint that asked for the event: every admin's, and the customer's
 * reseller's. An event recorded again (the same id) adds nothing: each endpoint has at most one
 * delivery of it. The worker's sweep (deliverDueWebhooks) sends them once this transaction commits.
 */
export async function queueWebhookDeliveries(transaction: Transaction, event: ServerEvent): Promise<void> {
  const owners = [{ owner: { role: "admin" } }, ...(event.resellerId ? [{ ownerId: event.resellerId }] : [])];
  const endpoints = await transaction.outgoingWebhook.findMany({ where: { active: true, OR: owners }, select: { id: true, events: true } });
  const subscribed = endpoints.filter((endpoint) => subscribesTo(endpoint.events, event.type));
  if (subscribed.length === 0) return;
  // Checked in the caller's transaction: SQLite has one writer at a time, and a transaction whose
  // reads another writer overtook is run again (lib/database/client.ts), so none slips in between.
  const existing = await transaction.webhookDelivery.findMany({ where: { eventId: event.id, webhookId: { in: subscribed.map((endpoint) => endpoint.id) } }, select: { webhookId: true } });
  const payload = webhookPayloadOf(event);
  const missing = subscribed.filter((endpoint) => !existing.some((delivery) => delivery.webhookId === endpoint.id));
  await transaction.webhookDelivery.createMany({ data: missing.map((endpoint) => ({ webhookId: endpoint.id, eventId: event.id, type: event.type, payload })) });
}
