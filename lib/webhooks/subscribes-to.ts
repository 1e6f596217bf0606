/**
 * Whether an endpoint's stored events column (a JSON list) names the event type. Imports nothing:
 * lib/notifications/server-events.ts loads this through queueWebhookDeliveries, so it must not
 * need that module loaded first.
 */
export function subscribesTo(storedEvents: string, type: string): boolean {
  const events: unknown = JSON.parse(storedEvents);
  return Array.isArray(events) && events.includes(type);
}
