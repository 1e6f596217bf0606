import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { endUserSessions } from "../auth/session-version";
import { AppError } from "../errors";
import { verifySecondFactor } from "./verify-second-factor";

export interface DisableTotpOptions {
  database: Database;
  encryptionKey: string;
  actor: Actor;
  /** A current TOTP code or an unused recovery code: a stolen session alone cannot turn 2FA off. */
  code: string;
  now?: Date;
}

/** Turns two-factor sign-in off: forgets the secret and every recovery code, and ends the user's other sessions. Returns the new session version. */
export async function disableTotp({ database, encryptionKey, actor, code, now = new Date() }: DisableTotpOptions): Promise<{ sessionVersion: number }> {
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { id: true, totpSecretEncrypted: true, totpEnabledAt: true } });
  if (!user) throw new AppError("not_found", 404, "Your account no longer exists");
  if (!user.totpEnabledAt) throw new AppError("totp_not_enabled", 409, "Two-factor sign-in is not on");

  return database.$transaction(async (transaction) => {
    const factor = await verifySecondFactor({ database: transaction, encryptionKey, user, code, now });
    if (!factor) throw new AppError("totp_invalid", 422, "code: enter a current code from your authenticator app or an unused recovery code");
    const { sessionVersion } = await transaction.user.update({
      where: { id: user.id },
      data: { totpSecretEncrypted: null, totpEnabledAt: null, ...endUserSessions },
      select: { sessionVersion: true },
    });
    await transaction.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "account.totp_disable", targetType: "user", targetId: user.id, result: "success", details: { with: factor } });
    return { sessionVersion };
  });
}
