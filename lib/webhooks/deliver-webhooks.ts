import type { Database } from "../database/client";
import { signBillingPayload } from "../billing/signature";
import { decryptSecret } from "../security/secret-box";
import type { BerthSettings } from "../settings";
import { postWebhook, type WebhookAnswer } from "./post-webhook";
import { resolveWebhookHost } from "./webhook-address-policy";

/** Deliveries one sweep sends at most (at once), however many are due. */
export const sweepLimit = 20;
const attemptTimeoutMs = 10_000;
// Longer than an attempt can take, so a claim lapses only when its worker died mid-attempt.
const claimMs = 60_000;

function dueWhere(now: Date) {
  return { state: "pending", nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }], webhook: { active: true } };
}

/**
 * Takes one due delivery for this sweep: a conditional update, so of two sweeps (or workers) at
 * once exactly one gets it. The attempt is counted here, so one that crashes its worker still
 * uses up the schedule.
 */
async function claimDelivery(database: Database, deliveryId: string, now: Date) {
  const claimedUntil = new Date(now.getTime() + claimMs);
  const { count } = await database.webhookDelivery.updateMany({ where: { id: deliveryId, ...dueWhere(now) }, data: { claimedUntil, attempts: { increment: 1 } } });
  if (count === 0) return null;
  const delivery = await database.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: { include: { owner: { select: { role: true } } } } } });
  return delivery ? { delivery, claimedUntil } : null;
}

type Claim = NonNullable<Awaited<ReturnType<typeof claimDelivery>>>;
type Outcome = { answer: WebhookAnswer; error: null } | { answer: null; error: string };

async function sendDelivery({ delivery }: Claim, settings: BerthSettings): Promise<Outcome> {
  try {
    const { webhook } = delivery;
    const policy = { anyAddress: webhook.owner.role === "admin", allowedNetworks: settings.webhookAllowedNetworks };
    const addresses = await resolveWebhookHost(new URL(webhook.url).hostname, policy);
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": "Berth-Webhooks/1",
      // Signed at each attempt, so a retry a day later still carries a fresh timestamp.
      "Berth-Signature": signBillingPayload(decryptSecret(webhook.secretEncrypted, settings.encryptionKey), delivery.payload),
      "Berth-Event": delivery.type,
      "Berth-Delivery": delivery.id,
    };
    return { answer: await postWebhook({ url: webhook.url, body: delivery.payload, headers, addresses, timeoutMs: attemptTimeoutMs }), error: null };
  } catch (error) {
    return { answer: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A 2xx answer delivers it; otherwise it waits the schedule's next step, and once that is used up it has failed. */
async function recordOutcome(database: Database, { delivery, claimedUntil }: Claim, outcome: Outcome, retrySeconds: readonly number[]) {
  const now = new Date();
  const delivered = outcome.answer !== null && outcome.answer.status >= 200 && outcome.answer.status < 300;
  const waitSeconds = retrySeconds[delivery.attempts - 1];
  const state = delivered ? "delivered" : waitSeconds === undefined ? "failed" : "pending";
  // Only while the claim is still this sweep's (a deleted endpoint took its deliveries with it).
  await database.webhookDelivery.updateMany({
    where: { id: delivery.id, claimedUntil },
    data: {
      state,
      claimedUntil: null,
      responseStatus: outcome.answer?.status ?? null,
      responseBody: outcome.answer?.body ?? null,
      error: outcome.error,
      deliveredAt: delivered ? now : null,
      ...(state === "pending" && waitSeconds !== undefined ? { nextAttemptAt: new Date(now.getTime() + waitSeconds * 1000) } : {}),
    },
  });
}

/**
 * Sends the deliveries that are due (at most sweepLimit, all at once) and records each answer;
 * the worker calls it every second. Returns how many were tried. Safe to run in several workers.
 */
export async function deliverDueWebhooks({ database, settings }: { database: Database; settings: BerthSettings }): Promise<number> {
  const now = new Date();
  const due = await database.webhookDelivery.findMany({ where: dueWhere(now), orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], take: sweepLimit, select: { id: true } });
  const claims: Claim[] = [];
  for (const { id } of due) {
    const claim = await claimDelivery(database, id, now);
    if (claim) claims.push(claim);
  }
  const results = await Promise.allSettled(claims.map(async (claim) => recordOutcome(database, claim, await sendDelivery(claim, settings), settings.webhookRetrySeconds)));
  // Every attempt is recorded before a database failure of one of them is reported.
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return claims.length;
}
