import type { Actor } from "../access/actor";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { readPage, type TPageInput } from "../pagination/read-page";
import { readMailBody } from "./queue-mail";

/**
 * The mail outbox for the admin's Mail page, newest first. Messages that were not sent (mail is
 * off, or they failed) come with their text, so the admin can pass their links on by hand; sent
 * ones no longer hold it.
 */
export async function listMail({ database, actor, encryptionKey, limit, cursor }: { database: Database; actor: Actor; encryptionKey: string } & TPageInput) {
  requireRole(actor, "admin");
  const { rows, nextCursor } = await readPage({
    input: { limit, cursor },
    read: (query) => database.mailMessage.findMany({ where: query.where, orderBy: query.orderBy, take: query.take }),
  });
  const messages = rows.map(({ bodyEncrypted, ...message }) => ({
    ...message,
    text: message.state === "sent" ? null : (readMailBody(bodyEncrypted, encryptionKey)?.text ?? null),
  }));
  return { messages, nextCursor };
}
