import type { Transaction } from "../database/client";
import type { ServerEvent } from "../notifications/server-events";
import { mailTemplates, type MailContent, type MailKind } from "./mail-templates";
import { queueMail, senderNameFor, type MailContext } from "./queue-mail";

// Allowances are in GB of 10^9 bytes, so usage is said the same way.
const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1)} GB`;

function thenText(details: Record<string, unknown>): string {
  return details.action === "suspend" ? "the server is suspended" : `its network is slowed to ${String(details.throttleMbps)} Mbit/s`;
}

/** The mail an event means for the server's customer, if any (a failed order is shown in the panel only). */
function mailFor(event: ServerEvent, brand: string, url: string): { kind: MailKind; content: MailContent } | null {
  const { server, customer } = event.data;
  const name = customer.name;
  const details = event.data as Record<string, unknown>;
  switch (event.type) {
    case "server.ready":
      return { kind: "server_ready", content: mailTemplates.server_ready(brand, { name, server, url }) };
    case "server.suspended":
      return { kind: "server_suspended", content: mailTemplates.server_suspended(brand, { name, hostname: server.hostname, reason: typeof details.reason === "string" ? details.reason : null, url }) };
    case "server.unsuspended":
      return { kind: "server_unsuspended", content: mailTemplates.server_unsuspended(brand, { name, hostname: server.hostname, url }) };
    case "server.terminated":
      return { kind: "server_terminated", content: mailTemplates.server_terminated(brand, { name, hostname: server.hostname }) };
    case "usage.threshold": {
      const allowance = gigabytes(Number(details.allowanceBytes));
      // A suspension says so in its own mail.
      if (Number(details.percent) >= 100 && details.action === "suspend") return null;
      if (Number(details.percent) >= 100) return { kind: "transfer_used", content: mailTemplates.transfer_used(brand, { name, hostname: server.hostname, allowance, then: thenText(details), url }) };
      return {
        kind: "transfer_nearly_used",
        content: mailTemplates.transfer_nearly_used(brand, { name, hostname: server.hostname, percent: Number(details.percent), used: gigabytes(Number(details.usedBytes)), allowance, then: thenText(details), url }),
      };
    }
    case "server.failed":
      return null;
  }
}

/** The mail a server event sends its customer, in the event's transaction (once per event). */
export async function queueServerMail(transaction: Transaction, context: MailContext, event: ServerEvent): Promise<void> {
  const brand = await senderNameFor(transaction, event.customerId);
  const mail = mailFor(event, brand, `${context.panelUrl}/servers/${event.data.server.id}`);
  if (!mail) return;
  await queueMail(transaction, context, { dedupeKey: `${mail.kind}:${event.id}`, kind: mail.kind, user: { id: event.customerId, email: event.data.customer.email }, fromName: brand, content: mail.content });
}
