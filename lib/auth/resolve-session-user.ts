import type { Database } from "../database/client";

export interface SessionUser {
  id: string;
  role: string;
  name: string;
  email: string;
}

/**
 * The user a session token names, or null when the session no longer counts: the user is gone or
 * suspended (whatever path suspended it), or the token's sessionVersion is not the user's current
 * one (a password, two-factor or suspension change since it was issued; tokens from before
 * session versions existed carry none). The role is always read fresh.
 */
export async function resolveSessionUser({ database, userId, sessionVersion }: { database: Pick<Database, "user">; userId: unknown; sessionVersion: unknown }): Promise<SessionUser | null> {
  if (typeof userId !== "string" || !userId || typeof sessionVersion !== "number" || !Number.isInteger(sessionVersion)) return null;
  // A suspended reseller's customers' sessions end with it.
  const underActiveReseller = { OR: [{ resellerId: null }, { reseller: { suspendedAt: null } }] };
  return database.user.findFirst({ where: { id: userId, suspendedAt: null, sessionVersion, ...underActiveReseller }, select: { id: true, role: true, name: true, email: true } });
}
