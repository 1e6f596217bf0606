import { decode } from "next-auth/jwt";

export interface ConsoleSessionClaims {
  userId: string;
  sessionVersion: number;
  /** When the session itself ends (the JWT's exp). */
  expiresAt: Date;
}

/** The cookies of a Cookie header; the first of a repeated name wins, as browsers send it. */
function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator < 1) continue;
    const name = part.slice(0, separator).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(separator + 1).trim()));
    } catch {
      // A value that does not decode is no session of ours.
    }
  }
  return cookies;
}

/**
 * The next-auth session named by the request's cookie (decoded with NEXTAUTH_SECRET as the panel
 * does; next-auth splits a large token into name.0, name.1, ...), or null for none, a forged or
 * an expired one. Whether it still counts is resolveSessionUser's to say.
 */
export async function readSessionCookie(cookieHeader: string | undefined, cookieName: string, secret: string): Promise<ConsoleSessionClaims | null> {
  const cookies = parseCookies(cookieHeader);
  let token = cookies.get(cookieName);
  if (token === undefined) {
    const chunks: string[] = [];
    for (let index = 0; cookies.has(`${cookieName}.${index}`); index += 1) chunks.push(cookies.get(`${cookieName}.${index}`) ?? "");
    token = chunks.length > 0 ? chunks.join("") : undefined;
  }
  if (!token) return null;
  const payload = await decode({ token, secret }).catch(() => null);
  if (!payload || typeof payload.id !== "string" || typeof payload.sessionVersion !== "number" || typeof payload.exp !== "number") return null;
  return { userId: payload.id, sessionVersion: payload.sessionVersion, expiresAt: new Date(payload.exp * 1000) };
}
