import type { Transaction } from "../database/client";
import { decryptSecret, encryptSecret } from "../security/secret-box";
import { panelBaseUrl, type BerthSettings } from "../settings";
import type { MailContent, MailKind } from "./mail-templates";

/** What writing a mail needs from the settings: the key its body is sealed with, the panel's URL for its links. */
export interface MailContext {
  encryptionKey: string;
  panelUrl: string;
}

export function mailContextOf(settings: Pick<BerthSettings, "encryptionKey" | "panelUrl" | "panelPort">): MailContext {
  return { encryptionKey: settings.encryptionKey, panelUrl: panelBaseUrl(settings) };
}

type MailWriter = Pick<Transaction, "mailMessage" | "user">;

/** The name mail to this user is sent under: its reseller's brand, else Berth. */
export async function senderNameFor(writer: Pick<Transaction, "user">, userId: string): Promise<string> {
  const user = await writer.user.findUnique({ where: { id: userId }, select: { reseller: { select: { brandName: true } } } });
  return user?.reseller?.brandName?.trim() || "Berth";
}

/**
 * Puts a mail in the outbox in the caller's transaction; the worker sends it. The same dedupeKey
 * again (a retried job) writes nothing: each thing is told once.
 */
export async function queueMail(
  writer: MailWriter,
  context: MailContext,
  mail: { dedupeKey: string; kind: MailKind; user: { id: string; email: string }; fromName: string; content: MailContent },
): Promise<void> {
  // Checked first rather than caught: a unique violation would abort a PostgreSQL transaction.
  if (await writer.mailMessage.findUnique({ where: { dedupeKey: mail.dedupeKey }, select: { id: true } })) return;
  await writer.mailMessage.create({
    data: {
      dedupeKey: mail.dedupeKey,
      kind: mail.kind,
      userId: mail.user.id,
      to: mail.user.email,
      fromName: mail.fromName,
      subject: mail.content.subject,
      bodyEncrypted: encryptSecret(JSON.stringify({ text: mail.content.text, html: mail.content.html }), context.encryptionKey),
    },
  });
}

/** A message's text and HTML; null when it was sealed with another key (or wiped once sent). */
export function readMailBody(bodyEncrypted: string, encryptionKey: string): { text: string; html: string } | null {
  if (!bodyEncrypted) return null;
  try {
    return JSON.parse(decryptSecret(bodyEncrypted, encryptionKey)) as { text: string; html: string };
  } catch {
    return null;
  }
}
