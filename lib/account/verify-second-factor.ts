import type { Database } from "../database/client";
import { hashRecoveryCode, isRecoveryCodeShape } from "../security/recovery-codes";
import { decryptSecret } from "../security/secret-box";
import { verifyTotp } from "../security/totp";

export interface VerifySecondFactorOptions {
  /** A client or a transaction: a recovery code is used up through it. */
  database: Pick<Database, "recoveryCode">;
  encryptionKey: string;
  user: { id: string; totpSecretEncrypted: string | null };
  /** A 6-digit TOTP code or a recovery code (dashes and spaces ignored). */
  code: string;
  now?: Date;
  /** Whether a recovery code may stand in for the TOTP code. */
  allowRecoveryCode?: boolean;
}

/**
 * Checks a second-factor code and says which kind matched, or null. A matching recovery code is
 * marked used in the same statement that checks it is unused, so two requests cannot both use it.
 */
export async function verifySecondFactor({ database, encryptionKey, user, code, now = new Date(), allowRecoveryCode = true }: VerifySecondFactorOptions): Promise<"totp" | "recovery" | null> {
  const given = code.trim();
  if (/^\d{6}$/.test(given.replace(/\s/g, ""))) {
    if (!user.totpSecretEncrypted) return null;
    const secret = decryptSecret(user.totpSecretEncrypted, encryptionKey);
    return verifyTotp({ secret, code: given, timeMs: now.getTime() }) === null ? null : "totp";
  }
  if (!allowRecoveryCode || !isRecoveryCodeShape(given)) return null;
  const { count } = await database.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(given), usedAt: null },
    data: { usedAt: now },
  });
  return count > 0 ? "recovery" : null;
}
