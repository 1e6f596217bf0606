import type { Database } from "../database/client";
import { hashRecoveryCode, isRecoveryCodeShape } from "../security/recovery-codes";
import { decryptSecret } from "../security/secret-box";
import { verifyTotp } from "../security/totp";

export interface VerifySecondFactorOptions {
  /** A client or a transaction: a recovery code or a TOTP step is used up through it. */
  database: Pick<Database, "recoveryCode" | "user">;
  encryptionKey: string;
  user: { id: string; totpSecretEncrypted: string | null };
  /** A 6-digit TOTP code or a recovery code (dashes and spaces ignored). */
  code: string;
  now?: Date;
  /** Whether a recovery code may stand in for the TOTP code. */
  allowRecoveryCode?: boolean;
}

/**
 * Checks a second-factor code and says which kind matched, or null. Each code works once: a
 * matching recovery code is marked used, and a matching TOTP code's time step recorded as the
 * user's last, in the same statement that checks it was not used (a TOTP step must be newer than
 * the last accepted one), so neither a replay nor two requests racing can use a code twice.
 */
export async function verifySecondFactor({ database, encryptionKey, user, code, now = new Date(), allowRecoveryCode = true }: VerifySecondFactorOptions): Promise<"totp" | "recovery" | null> {
  const given = code.trim();
  if (/^\d{6}$/.test(given.replace(/\s/g, ""))) {
    if (!user.totpSecretEncrypted) return null;
    const secret = decryptSecret(user.totpSecretEncrypted, encryptionKey);
    const step = verifyTotp({ secret, code: given, timeMs: now.getTime() });
    if (step === null) return null;
    return (await claimTotpStep(database, user.id, step)) ? "totp" : null;
  }
  if (!allowRecoveryCode || !isRecoveryCodeShape(given)) return null;
  const { count } = await database.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(given), usedAt: null },
    data: { usedAt: now },
  });
  return count > 0 ? "recovery" : null;
}

/**
 * Records `step` as the user's last accepted TOTP step unless that step (or a newer one) was
 * accepted before. Returns whether the code may be used.
 */
async function claimTotpStep(database: Pick<Database, "user">, userId: string, step: number): Promise<boolean> {
  const { count } = await database.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count > 0;
}
