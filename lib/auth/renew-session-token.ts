import { decode, encode } from "next-auth/jwt";

/**
 * The same next-auth session token with a new sessionVersion and its expiry unchanged, or null
 * when the token cannot be read or has expired. For the session that changed its own password
 * or second factor: it carries the version that ended every other session.
 */
export async function renewSessionToken({ token, secret, sessionVersion }: { token: string; secret: string; sessionVersion: number }): Promise<{ token: string; expires: Date } | null> {
  const payload = await decode({ token, secret }).catch(() => null);
  if (!payload || typeof payload.exp !== "number") return null;
  const remainingSeconds = payload.exp - Math.floor(Date.now() / 1000);
  if (remainingSeconds <= 0) return null;
  // encode() sets iat, exp and jti again; exp from the remaining time, so the session is not extended.
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = payload;
  return { token: await encode({ token: { ...claims, sessionVersion }, secret, maxAge: remainingSeconds }), expires: new Date(payload.exp * 1000) };
}
