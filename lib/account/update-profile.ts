import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { verifyPassword } from "../security/password";
import { isUniqueViolation } from "../database/unique-violation";

export const ZProfileInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("must be an email address")).pipe(z.string().max(254)),
  /** Needed only when the email changes: the email is what signs in, so changing it is guarded like the password. */
  currentPassword: z.string().max(1024).optional().default(""),
});
export type TProfileInput = z.input<typeof ZProfileInput>;

/** Changes the actor's own name and email. A new email must be free and needs the current password. */
export async function updateProfile({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  const { name, email, currentPassword } = parseInput(ZProfileInput, input);
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { id: true, name: true, email: true, passwordHash: true } });
  if (!user) throw new AppError("not_found", 404, "Your account no longer exists");

  const emailChanged = email !== user.email;
  if (emailChanged) {
    if (!currentPassword) throw new AppError("password_required", 422, "currentPassword: enter your current password to change your email");
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new AppError("wrong_password", 403, "currentPassword: that is not your current password");
  }
  const taken = () => new AppError("email_taken", 409, `email: another account already uses ${email}`);
  if (emailChanged && (await database.user.findUnique({ where: { email }, select: { id: true } }))) throw taken();

  try {
    return await database.$transaction(async (transaction) => {
      const updated = await transaction.user.update({ where: { id: user.id }, data: { name, email }, select: { id: true, name: true, email: true } });
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        action: "account.profile_update",
        targetType: "user",
        targetId: user.id,
        result: "success",
        details: { nameChanged: name !== user.name, ...(emailChanged ? { previousEmail: user.email, email } : {}) },
      });
      return updated;
    });
  } catch (error) {
    // Another account may have taken the email between the check and the update.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
