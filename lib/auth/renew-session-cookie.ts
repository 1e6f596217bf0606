import { cookies } from "next/headers";
import { sessionSettings } from "../settings";
import { sessionCookieName, useSecureCookies } from "./cookies";
import { renewSessionToken } from "./renew-session-token";

/**
 * Re-issues this request's session cookie with `sessionVersion`, so the session that changed
 * the password or second factor stays signed in while every other one ends. For server actions
 * (cookies can be set there). If the cookie cannot be renewed, this session ends like the others.
 */
export async function renewSessionCookie({ sessionVersion }: { sessionVersion: number }): Promise<void> {
  const secret = sessionSettings().secret;
  const jar = await cookies();
  const current = jar.get(sessionCookieName)?.value;
  if (!secret || !current) return;
  const renewed = await renewSessionToken({ token: current, secret, sessionVersion });
  if (!renewed) return;
  // The same flags as next-auth's own cookie (lib/auth/options.ts).
  jar.set(sessionCookieName, renewed.token, { httpOnly: true, sameSite: "lax", path: "/", secure: useSecureCookies, expires: renewed.expires });
}
