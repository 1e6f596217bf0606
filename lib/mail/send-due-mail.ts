import nodemailer, { type Transporter } from "nodemailer";
import type { Database } from "../database/client";
import { readMailBody } from "./queue-mail";
import type { BerthSettings } from "../settings";

// A temporary refusal or a server that is down is tried again: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h.
export const defaultMailRetrySeconds = [30, 120, 600, 1800, 3600, 7200];
const claimMs = 60_000;
const batchSize = 10;

const transports = new Map<string, Transporter>();
function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** An SMTP 5xx answer (no such mailbox, refused sender) will not change on a retry. */
function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export interface SendDueMailOptions {
  database: Database;
  settings: Pick<BerthSettings, "smtpUrl" | "mailFrom" | "encryptionKey">;
  retrySeconds?: readonly number[];
  now?: () => Date;
}

/**
 * Sends the outbox's due messages (the worker calls this every second). Each is claimed first
 * with a conditional update, so two workers never send one twice. Without SMTP a message becomes
 * "off" and keeps its text for the admin's Mail page; once sent, the text (which may hold a
 * set-password link) is wiped from the database. Returns how many were handled.
 */
export async function sendDueMail({ database, settings, retrySeconds = defaultMailRetrySeconds, now = () => new Date() }: SendDueMailOptions): Promise<number> {
  const started = now();
  const due = await database.mailMessage.findMany({
    where: { state: "queued", nextAttemptAt: { lte: started }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: started } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: batchSize,
  });
  let handled = 0;
  for (const message of due) {
    const { count } = await database.mailMessage.updateMany({
      where: { id: message.id, state: "queued", OR: [{ claimedUntil: null }, { claimedUntil: { lt: started } }] },
      data: { claimedUntil: new Date(started.getTime() + claimMs) },
    });
    if (count !== 1) continue;
    handled += 1;
    if (!settings.smtpUrl) {
      await database.mailMessage.update({ where: { id: message.id }, data: { state: "off", claimedUntil: null, error: "Mail is off: BERTH_SMTP_URL is not set" } });
      continue;
    }
    const body = readMailBody(message.bodyEncrypted, settings.encryptionKey);
    if (!body) {
      await database.mailMessage.update({ where: { id: message.id }, data: { state: "failed", claimedUntil: null, error: "Its text cannot be read with this BERTH_ENCRYPTION_KEY" } });
      continue;
    }
    try {
      await transportFor(settings.smtpUrl).sendMail({ from: { name: message.fromName, address: settings.mailFrom }, to: message.to, subject: message.subject, text: body.text, html: body.html });
      await database.mailMessage.update({ where: { id: message.id }, data: { state: "sent", sentAt: now(), attempts: { increment: 1 }, claimedUntil: null, error: null, bodyEncrypted: "" } });
    } catch (error) {
      const attempts = message.attempts + 1;
      const reason = error instanceof Error ? error.message : String(error);
      const delaySeconds = retrySeconds[attempts - 1];
      const giveUp = isPermanentRefusal(error) || delaySeconds === undefined;
      await database.mailMessage.update({
        where: { id: message.id },
        data: giveUp
          ? { state: "failed", attempts, claimedUntil: null, error: reason.slice(0, 1000) }
          : { attempts, claimedUntil: null, error: reason.slice(0, 1000), nextAttemptAt: new Date(now().getTime() + delaySeconds * 1000) },
      });
    }
  }
  return handled;
}
