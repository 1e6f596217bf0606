import { accountLinkLifetimeSeconds } from "../account-links/account-link-purposes";
import { issueAccountLink } from "../account-links/issue-account-link";
import type { Transaction } from "../database/client";
import { mailTemplates } from "./mail-templates";
import { queueMail, senderNameFor, type MailContext } from "./queue-mail";

type AccountMailWriter = Pick<Transaction, "mailMessage" | "user" | "accountLink">;
type AccountMailUser = { id: string; email: string; name: string };

/** A fresh set-password link for the account, mailed as a welcome or a reset. */
async function queueSetPasswordMail(writer: AccountMailWriter, context: MailContext, user: AccountMailUser, purpose: "welcome" | "reset"): Promise<void> {
  const link = await issueAccountLink(writer, { userId: user.id, purpose });
  const fromName = await senderNameFor(writer, user.id);
  const url = `${context.panelUrl}${link.path}`;
  const validSeconds = accountLinkLifetimeSeconds[purpose];
  const kind = purpose === "welcome" ? "welcome" : "password_reset";
  const content = purpose === "welcome" ? mailTemplates.welcome(fromName, { name: user.name, email: user.email, url, validSeconds }) : mailTemplates.password_reset(fromName, { name: user.name, url, validSeconds });
  await queueMail(writer, context, { dedupeKey: `${kind}:${link.id}`, kind, user, fromName, content });
}

/** A new customer's welcome, with a link to set its password (customers a billing system or a reseller made). */
export const queueWelcomeMail = (writer: AccountMailWriter, context: MailContext, user: AccountMailUser) => queueSetPasswordMail(writer, context, user, "welcome");

/** A password reset link for an account that asked for one. */
export const queuePasswordResetMail = (writer: AccountMailWriter, context: MailContext, user: AccountMailUser) => queueSetPasswordMail(writer, context, user, "reset");
