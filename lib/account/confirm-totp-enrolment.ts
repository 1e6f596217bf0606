import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { endUserSessions } from "../auth/session-version";
import { AppError } from "../errors";
import { decryptSecret } from "../security/secret-box";
import { verifyTotp } from "../security/totp";
import { storeNewRecoveryCodes } from "./store-recovery-codes";

export interface ConfirmTotpEnrolmentOptions {
  database: Database;
  encryptionKey: string;
  actor: Actor;
  code: string;
  now?: Date;
}

/**
 * Turns two-factor sign-in on once the authenticator app proves it has the secret (a valid code,
 * then used up: its step becomes the last accepted one). Ends the user's other sessions. Returns
 * 10 recovery codes (shown once, only their hashes are kept) and the new session version.
 */
export async function confirmTotpEnrolment({ database, encryptionKey, actor, code, now = new Date() }: ConfirmTotpEnrolmentOptions) {
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { totpSecretEncrypted: true, totpEnabledAt: true } });
  if (!user) throw new AppError("not_found", 404, "Your account no longer exists");
  if (user.totpEnabledAt) throw new AppError("totp_already_enabled", 409, "Two-factor sign-in is already on");
  if (!user.totpSecretEncrypted) throw new AppError("totp_not_started", 409, "Start the set-up first: no authenticator secret is waiting to be confirmed");

  const secret = decryptSecret(user.totpSecretEncrypted, encryptionKey);
  const step = verifyTotp({ secret, code, timeMs: now.getTime() });
  if (step === null) {
    throw new AppError("totp_invalid", 422, "code: that code does not match; check the app's clock and enter the current 6-digit code");
  }

  return database.$transaction(async (transaction) => {
    // Conditional, so two confirmations racing enable it (and issue codes) once, and the code's
    // step is claimed (the same code cannot then sign in).
    const { count } = await transaction.user.updateMany({
      where: { id: actor.userId, totpEnabledAt: null, totpSecretEncrypted: user.totpSecretEncrypted, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpEnabledAt: now, totpLastStep: step, ...endUserSessions },
    });
    if (count === 0) throw new AppError("totp_already_enabled", 409, "Two-factor sign-in was turned on or changed meanwhile; reload the page");
    const recoveryCodes = await storeNewRecoveryCodes(transaction, actor.userId);
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "account.totp_enable", targetType: "user", targetId: actor.userId, result: "success" });
    const { sessionVersion } = await transaction.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { sessionVersion: true } });
    return { recoveryCodes, sessionVersion };
  });
}
