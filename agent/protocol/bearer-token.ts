import { timingSafeEqual } from "node:crypto";

/** Whether an Authorization header is "Bearer <token>" for exactly this token (compared in constant time). */
export function hasBearerToken(authorization: string | null | undefined, token: string): boolean {
  const [scheme, given, extra] = (authorization ?? "").split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !given || extra !== undefined) return false;
  const expected = Buffer.from(token);
  const offered = Buffer.from(given);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}
