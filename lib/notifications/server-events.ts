import { createHash } from "node:crypto";
import { serverResource } from "../api/resources";
import type { Transaction } from "../database/client";
import type { MailContext } from "../mail/queue-mail";
import { queueServerMail } from "../mail/server-mail";
import { queueWebhookDeliveries } from "../webhooks/queue-webhook-deliveries";

export const serverEventTypes = ["server.ready", "server.failed", "server.suspended", "server.unsuspended", "server.terminated", "usage.threshold"] as const;
export type ServerEventType = (typeof serverEventTypes)[number];

export interface ServerEventInput {
  type: ServerEventType;
  serverId: string;
  /** Unique per occurrence (a job id, a month): recording the same key again sends nothing twice. */
  key: string;
  /** Fields of this event beside the server and its customer (a suspension's reason, a threshold). */
  details?: Record<string, unknown>;
}

/** What every outgoing webhook body and mail about a server is made from. */
export interface ServerEvent {
  /** The body's "id": derived from the type and key, so all endpoints and retries share it. */
  id: string;
  type: ServerEventType;
  createdAt: string;
  data: {
    server: ReturnType<typeof serverResource>;
    customer: { id: string; email: string; name: string };
    /** The billing system's service id when a billing system ordered the server. */
    serviceId: string | null;
  } & Record<string, unknown>;
  /** Whose endpoints hear of it besides the admins': the customer's reseller. */
  resellerId: string | null;
  /** For mail: the customer, its reseller's brand, the key. */
  key: string;
  customerId: string;
}

const include = {
  owner: true,
  plan: true,
  template: true,
  host: true,
  order: { select: { billingServiceId: true } },
  addresses: { include: { pool: true } },
} as const;

function eventIdOf(type: string, key: string): string {
  return `evt_${createHash("sha256").update(`${type}\0${key}`).digest("hex").slice(0, 32)}`;
}

/**
 * Records that something happened to a server, in the caller's transaction (so it is kept
 * exactly when the change is): webhook deliveries for the endpoints that asked for it and mail
 * to its customer. The worker sends both afterwards, retrying until they arrive.
 */
export async function recordServerEvent(transaction: Transaction, mailContext: MailContext, input: ServerEventInput): Promise<void> {
  const server = await transaction.server.findUniqueOrThrow({ where: { id: input.serverId }, include });
  const event: ServerEvent = {
    id: eventIdOf(input.type, input.key),
    type: input.type,
    createdAt: new Date().toISOString(),
    data: {
      // As its customer sees it: no host names or container names leave Berth.
      server: serverResource(server, { userId: server.ownerId, role: "customer", via: "system" }),
      customer: { id: server.owner.id, email: server.owner.email, name: server.owner.name },
      serviceId: server.order?.billingServiceId ?? null,
      ...input.details,
    },
    resellerId: server.owner.resellerId,
    key: input.key,
    customerId: server.owner.id,
  };
  await queueWebhookDeliveries(transaction, event);
  await queueServerMail(transaction, mailContext, event);
}
