import { z } from "zod";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ZPassword } from "../customers/customer-fields";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { hashPassword } from "../security/password";
import { findUsableAccountLink, useAccountLink } from "./find-account-link";

export const ZSetPasswordInput = z.object({ token: z.string().max(100), password: ZPassword });

export const invalidLinkError = () => new AppError("invalid_link", 400, "token: this link is invalid, used or expired; ask for a new one on the sign-in page (Forgot your password?)");

/**
 * Sets an account's password with a welcome or reset link, once: the link is spent and the
 * password changed in one transaction, and every session the account had ends (its session
 * version moves on), so whoever held the old password is signed out.
 */
export async function setPasswordWithLink({ database, input, ipAddress, now = new Date() }: { database: Database; input: unknown; ipAddress: string | null; now?: Date }) {
  const { token, password } = parseInput(ZSetPasswordInput, input);
  const link = await findUsableAccountLink(database, token, ["welcome", "reset"], now);
  if (!link) throw invalidLinkError();
  // Hashing is slow on purpose; done before the transaction so the write lock is held briefly.
  const passwordHash = await hashPassword(password);
  await database.$transaction(async (transaction) => {
    if (!(await useAccountLink(transaction, link.id, now))) throw invalidLinkError();
    await transaction.user.update({ where: { id: link.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    // The other purpose's link (a welcome after a reset) is spent too: one password, one way in.
    await transaction.accountLink.deleteMany({ where: { userId: link.userId, purpose: { in: ["welcome", "reset"] }, usedAt: null } });
    await recordAuditEvent(transaction, {
      actorId: link.userId,
      actorType: "user",
      ...auditTenancy(link.user),
      action: "auth.password_set",
      targetType: "user",
      targetId: link.userId,
      result: "success",
      details: { via: link.purpose, linkId: link.id },
      ipAddress,
    });
  });
  return { email: link.user.email };
}
