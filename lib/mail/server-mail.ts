import type { Transaction } from "../database/client";
import type { ServerEvent } from "../notifications/server-events";

/** The mail a server event sends its customer, if any. */
export async function queueServerMail(transaction: Transaction, event: ServerEvent): Promise<void> {
  void transaction;
  void event;
}
