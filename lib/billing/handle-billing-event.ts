import { randomBytes } from "node:crypto";
import { auditActor, type Actor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { createOrder, findActivePlanAndTemplate } from "../orders/create-order";
import { queueWelcomeMail } from "../mail/account-mail";
import type { MailContext } from "../mail/queue-mail";
import { hashPassword } from "../security/password";
import { serverActionCatalogue } from "../action-catalogue/catalogue";
import type { ServerActionDefinition } from "../action-catalogue/define-server-action";
import { requestServerAction } from "../action-catalogue/request-server-action";
import type { BillingEndpoint } from "./billing-endpoint";
import { ZBillingEvent, type TBillingEvent } from "./billing-events";
import { checkBillingSignature, type SignatureProblem } from "./signature";
import { isUniqueViolation } from "../database/unique-violation";

export interface BillingEventOptions {
  database: Database;
  queue: JobQueue;
  /** A customer the event creates gets its welcome mail with it. */
  mailContext: MailContext;
  endpoint: BillingEndpoint;
  rawBody: string;
  signature: string | null;
  ipAddress?: string | null;
}

export interface BillingEventResult {
  status: number;
  body: unknown;
}

const signatureMessages = {
  missing: "Berth-Signature header is missing",
  malformed: "Berth-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>",
  stale: "Berth-Signature timestamp is more than 300 seconds away from now",
  mismatch: "Berth-Signature does not match the body",
};

/** The 401 for a signature that is missing, malformed, stale or does not match. */
export function signatureError(problem: SignatureProblem): AppError {
  return new AppError("unauthenticated", 401, signatureMessages[problem]);
}

/**
 * The customer named by a service.create: matched by email within the endpoint's own tenant (the
 * admin's endpoint: the admin's direct customers; a reseller's: its own), else created there.
 * An email that belongs to anyone else is 409 customer_conflict: a webhook never adopts another
 * tenant's customer (a reseller pre-creating victim@... must not receive the admin's order).
 */
async function customerFor(options: BillingEventOptions, actor: Actor, customer: { email: string; name: string }) {
  const { database, endpoint } = options;
  const existing = await database.user.findUnique({ where: { email: customer.email } });
  if (existing) {
    const tenantResellerId = endpoint.owner.role === "reseller" ? endpoint.owner.id : null;
    if (existing.role !== "customer" || existing.resellerId !== tenantResellerId) {
      throw new AppError("customer_conflict", 409, `data.customer.email: ${customer.email} belongs to an account this endpoint does not manage`);
    }
    return existing;
  }
  // Never shown: the customer chooses its own through the welcome mail's link.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  return database.$transaction(async (transaction) => {
    const created = await transaction.user.create({
      data: {
        email: customer.email,
        name: customer.name,
        role: "customer",
        resellerId: endpoint.owner.role === "reseller" ? endpoint.owner.id : null,
        passwordHash,
      },
    });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(created),
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      result: "success",
      details: { email: created.email, role: "customer", resellerId: created.resellerId },
    });
    await queueWelcomeMail(transaction, options.mailContext, created);
    return created;
  });
}

async function serverOfService(database: Database, endpoint: BillingEndpoint, serviceId: string): Promise<string> {
  const order = await database.order.findUnique({
    where: { billingEndpoint_billingServiceId: { billingEndpoint: endpoint.key, billingServiceId: serviceId } },
    include: { server: true },
  });
  if (!order?.server) throw new AppError("unknown_service", 404, `data.serviceId: no service "${serviceId}" was created through this endpoint`);
  return order.server.id;
}

async function applyEvent(options: BillingEventOptions, event: TBillingEvent): Promise<{ jobId: string; serverId: string }> {
  const { database, queue, endpoint } = options;
  const actor: Actor = { userId: endpoint.owner.id, role: endpoint.owner.role, via: "webhook", credentialId: endpoint.key, ipAddress: options.ipAddress };
  if (event.type === "service.create") {
    const duplicate = await database.order.count({ where: { billingEndpoint: endpoint.key, billingServiceId: event.data.serviceId } });
    if (duplicate > 0) throw new AppError("service_exists", 409, `data.serviceId: service "${event.data.serviceId}" already exists`);
    // Before the customer is made (and welcomed): an order that names no plan or template makes nothing.
    await findActivePlanAndTemplate(database, event.data.plan, event.data.template);
    const customer = await customerFor(options, actor, event.data.customer);
    const { customer: _customer, serviceId, ...input } = event.data;
    const { server, job } = await createOrder({
      database,
      queue,
      customerId: customer.id,
      actor,
      input,
      ipAddress: options.ipAddress,
      billing: { billingEndpoint: endpoint.key, billingServiceId: serviceId },
      // The billing system sends the password it shows its customer; without one root's stays
      // locked (keys, the console's reset): a generated one could not be answered the same to a replay.
      firstBoot: { sshKeysAre: "publicKeys", generateMissingPassword: false },
    });
    return { jobId: job.id, serverId: server.id };
  }
  const serverId = await serverOfService(database, endpoint, event.data.serviceId);
  // Every other event is one catalogue action; its data (but the service id) is the action's input.
  const entry = (serverActionCatalogue as readonly ServerActionDefinition[]).find((candidate) => candidate.billingEvent === event.type);
  if (!entry) throw new Error(`no server action handles billing event ${event.type}`);
  const { serviceId: _serviceId, ...fields } = event.data;
  const job = await requestServerAction({ database, queue, actor, serverId, input: { ...fields, type: entry.type } });
  return { jobId: job.id, serverId };
}

/** 409s that the same event will get again however often it is retried. */
const definiteConflicts = ["service_exists", "customer_conflict"];

/** Whether a refusal is the event's final answer (stored for its id) rather than one a retry may change. */
function isDefiniteAnswer(error: unknown): error is AppError {
  if (!(error instanceof AppError)) return false;
  if ([400, 401, 404, 422].includes(error.status)) return true;
  return error.status === 409 && definiteConflicts.includes(error.code);
}

/** Waits for the first delivery of an event to finish and returns its answer. */
async function answerOfFirstDelivery(database: Database, endpointKey: string, eventId: string): Promise<BillingEventResult> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const recorded = await database.webhookEvent.findUnique({ where: { endpoint_eventId: { endpoint: endpointKey, eventId } } });
    if (recorded && recorded.status !== 0) return { status: recorded.status, body: JSON.parse(recorded.response) };
    if (!recorded) throw new AppError("event_retry", 409, "The first delivery of this event failed; send it again");
    if (Date.now() > deadline) throw new AppError("event_in_progress", 409, "This event is still being processed; send it again later");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A signed billing event, applied at most once per endpoint and event id. The event id is
 * claimed with a unique row before anything happens, so a replay, even one arriving at the same
 * moment, answers what the first delivery answered and has no second effect.
 */
export async function handleBillingEvent(options: BillingEventOptions): Promise<BillingEventResult> {
  const { database, endpoint, rawBody } = options;
  const problem = checkBillingSignature(endpoint.secret, rawBody, options.signature);
  if (problem) throw signatureError(problem);
  // Only after the signature, so the endpoint's state is told to its billing system alone; nothing is recorded.
  if (endpoint.owner.suspended) throw new AppError("reseller_suspended", 403, "This reseller's account is suspended; its billing events are refused until the suspension is lifted");

  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_json", 400, "body: must be valid JSON");
  }
  const event = parseInput(ZBillingEvent, parsedJson);

  try {
    await database.webhookEvent.create({ data: { endpoint: endpoint.key, eventId: event.id, type: event.type, status: 0, response: "null" } });
  } catch (error) {
    if (isUniqueViolation(error)) return answerOfFirstDelivery(database, endpoint.key, event.id);
    throw error;
  }

  let result: BillingEventResult;
  try {
    result = { status: 202, body: await applyEvent(options, event) };
  } catch (error) {
    if (!isDefiniteAnswer(error)) {
      // A transient refusal (server_busy, a state that may change, any 5xx): free the event id so
      // the billing system's retry is processed, instead of storing it as the event's final answer.
      await database.webhookEvent.delete({ where: { endpoint_eventId: { endpoint: endpoint.key, eventId: event.id } } });
      throw error;
    }
    result = { status: error.status, body: error.toJSON() };
  }
  await database.webhookEvent.update({
    where: { endpoint_eventId: { endpoint: endpoint.key, eventId: event.id } },
    data: { status: result.status, response: JSON.stringify(result.body) },
  });
  return result;
}
