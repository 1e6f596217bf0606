import type { Redis } from "ioredis";
import { z } from "zod";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ZEmail } from "../customers/customer-fields";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { enforceRateLimit } from "../http/rate-limit";
import { queuePasswordResetMail } from "../mail/account-mail";
import type { MailContext } from "../mail/queue-mail";

export const ZPasswordResetRequest = z.object({ email: ZEmail });

/** What every request is answered, whether or not the address has an account. */
export const passwordResetAnswer = "If an account uses that address, a link to choose a new password is on its way. It works once, for 1 hour.";

// Per address asking; and one mail per account a minute, so nobody can flood an inbox.
const requestsPerMinutePerAddress = 5;
const accountCooldownMs = 60_000;

/**
 * Sends a password reset link to the account with this email, if there is one that may sign in.
 * The answer is the same either way, so it never tells whether an address has an account.
 */
export async function requestPasswordReset({ database, redis, mailContext, input, ipAddress, now = new Date() }: { database: Database; redis: Redis; mailContext: MailContext; input: unknown; ipAddress: string | null; now?: Date }): Promise<string> {
  await enforceRateLimit(redis, `password-reset:${ipAddress ?? "unknown"}`, requestsPerMinutePerAddress);
  const { email } = parseInput(ZPasswordResetRequest, input);
  const user = await database.user.findUnique({ where: { email }, include: { reseller: { select: { suspendedAt: true } } } });
  if (!user || user.deletedAt || user.suspendedAt || user.reseller?.suspendedAt) return passwordResetAnswer;
  const recent = await database.accountLink.count({ where: { userId: user.id, purpose: "reset", createdAt: { gt: new Date(now.getTime() - accountCooldownMs) } } });
  if (recent > 0) return passwordResetAnswer;
  await database.$transaction(async (transaction) => {
    await queuePasswordResetMail(transaction, mailContext, user);
    await recordAuditEvent(transaction, {
      actorType: "system",
      ...auditTenancy(user),
      action: "auth.password_reset_requested",
      targetType: "user",
      targetId: user.id,
      result: "success",
      ipAddress,
    });
  });
  return passwordResetAnswer;
}
