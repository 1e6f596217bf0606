import type { Database } from "../database/client";

/** What the security page shows: whether 2FA is on, and how many recovery codes are left. */
export async function getTwoFactorStatus({ database, userId }: { database: Database; userId: string }) {
  const user = await database.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  const unusedRecoveryCodes = user?.totpEnabledAt ? await database.recoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  return { enabledAt: user?.totpEnabledAt ?? null, unusedRecoveryCodes };
}
