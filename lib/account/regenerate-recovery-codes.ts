import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { endUserSessions } from "../auth/session-version";
import { AppError } from "../errors";
import { verifySecondFactor } from "./verify-second-factor";
import { storeNewRecoveryCodes } from "./store-recovery-codes";

export interface RegenerateRecoveryCodesOptions {
  database: Database;
  encryptionKey: string;
  actor: Actor;
  /** A current TOTP code (recovery codes are not accepted: they are what is being replaced). */
  code: string;
  now?: Date;
}

/** Replaces all recovery codes (used or not) with 10 new ones, returned once, and ends the user's other sessions (returns the new session version). */
export async function regenerateRecoveryCodes({ database, encryptionKey, actor, code, now = new Date() }: RegenerateRecoveryCodesOptions) {
  const user = await database.user.findUnique({ where: { id: actor.userId }, select: { id: true, totpSecretEncrypted: true, totpEnabledAt: true } });
  if (!user) throw new AppError("not_found", 404, "Your account no longer exists");
  if (!user.totpEnabledAt) throw new AppError("totp_not_enabled", 409, "Turn two-factor sign-in on first");

  return database.$transaction(async (transaction) => {
    const factor = await verifySecondFactor({ database: transaction, encryptionKey, user, code, now, allowRecoveryCode: false });
    if (!factor) throw new AppError("totp_invalid", 422, "code: enter the current 6-digit code from your authenticator app");
    const recoveryCodes = await storeNewRecoveryCodes(transaction, user.id);
    const { sessionVersion } = await transaction.user.update({ where: { id: user.id }, data: endUserSessions, select: { sessionVersion: true } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "account.recovery_codes_regenerate", targetType: "user", targetId: user.id, result: "success" });
    return { recoveryCodes, sessionVersion };
  });
}
