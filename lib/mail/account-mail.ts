import { accountLinkLifetimeSeconds } from "../account-links/account-link-purposes";
import { issueAccountLink } from "../account-links/issue-account-link";
import type { Transaction } from "../database/client";
import { mailTemplates } from "./mail-templates";
import { queueMail, senderNameFor, type MailContext } from "./queue-mail";

type AccountMailWriter = Pick<Transaction, "mailMessage" | "user" | "accountLink">;

/** A new customer's welcome, with a link to set its password (customers a billing system or a reseller made). */
export async function queueWelcomeMail(writer: AccountMailWriter, context: MailContext, user: { id: string; email: string; name: string }): Promise<void> {
  const link = await issueAccountLink(writer, { userId: user.id, purpose: "welcome" });
  const fromName = await senderNameFor(writer, user.id);
  await queueMail(writer, context, {
    dedupeKey: `welcome:${link.id}`,
    kind: "welcome",
    user,
    fromName,
    content: mailTemplates.welcome(fromName, { name: user.name, email: user.email, url: `${context.panelUrl}${link.path}`, validSeconds: accountLinkLifetimeSeconds.welcome }),
  });
}

/** A password reset link for an account that asked for one. */
export async function queuePasswordResetMail(writer: AccountMailWriter, context: MailContext, user: { id: string; email: string; name: string }): Promise<void> {
  const link = await issueAccountLink(writer, { userId: user.id, purpose: "reset" });
  const fromName = await senderNameFor(writer, user.id);
  await queueMail(writer, context, {
    dedupeKey: `password_reset:${link.id}`,
    kind: "password_reset",
    user,
    fromName,
    content: mailTemplates.password_reset(fromName, { name: user.name, url: `${context.panelUrl}${link.path}`, validSeconds: accountLinkLifetimeSeconds.reset }),
  });
}
