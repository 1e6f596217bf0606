import type { Database } from "../database/client";
import { generateRecoveryCodes, hashRecoveryCode } from "../security/recovery-codes";

/** Replaces a user's recovery codes with fresh ones; returns them (the only time they exist in clear). */
export async function storeNewRecoveryCodes(transaction: Pick<Database, "recoveryCode">, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await transaction.recoveryCode.deleteMany({ where: { userId } });
  await transaction.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}
