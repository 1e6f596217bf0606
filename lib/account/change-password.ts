import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { endUserSessions } from "../auth/session-version";
import { AppError, parseInput } from "../errors";
import { hashPassword, verifyPassword } from "../security/password";

export const ZChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "enter your current password").max(1024),
    // bcrypt ignores everything after 72 bytes, so a longer password would only look stronger.
    newPassword: z.string().min(10, "must be at least 10 characters").max(72, "must be at most 72 characters"),
    confirmPassword: z.string().optional(),
  })
  .refine((input) => input.confirmPassword === undefined || input.confirmPassword === input.newPassword, {
    path: ["confirmPassword"],
    message: "does not match the new password",
  });
export type TChangePasswordInput = z.input<typeof ZChangePasswordInput>;

/**
 * Changes the actor's own password; the current one must be given, so a left-open session is not
 * enough. Ends the user's other sessions; returns the new session version (for the caller's own).
 */
export async function changePassword({ database, actor, input }: { database: Database; actor: Actor; input: unknown }): Promise<{ sessionVersion: number }> {
  const { currentPassword, newPassword } = parseInput(ZChangePasswordInput, input);
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { id: true, passwordHash: true } });
  if (!user) throw new AppError("not_found", 404, "Your account no longer exists");
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    await recordAuditEvent(database, { ...auditActor(actor), action: "account.password_change", targetType: "user", targetId: user.id, result: "failure", details: { reason: "wrong_password" } });
    throw new AppError("wrong_password", 403, "currentPassword: that is not your current password");
  }
  if (currentPassword === newPassword) throw new AppError("password_unchanged", 422, "newPassword: must differ from the current password");

  // Hashing is slow on purpose; do it before the transaction so the write lock is held briefly.
  const passwordHash = await hashPassword(newPassword);
  return database.$transaction(async (transaction) => {
    const { sessionVersion } = await transaction.user.update({ where: { id: user.id }, data: { passwordHash, ...endUserSessions }, select: { sessionVersion: true } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "account.password_change", targetType: "user", targetId: user.id, result: "success" });
    return { sessionVersion };
  });
}
