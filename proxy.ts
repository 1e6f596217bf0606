import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName, useSecureCookies } from "./lib/auth/cookies";
import { sessionSettings } from "./lib/settings";

/** Panel pages may not be framed by other sites (no clickjacking of settings or sign-in). */
function withPageHeaders(response: NextResponse): NextResponse {
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Content-Security-Policy", "frame-ancestors 'none'");
  return response;
}

/**
 * Optimistic check only: signed-out visitors to any page go to /signin. Pages and route
 * handlers still check the session themselves (requireUser / currentUser) before reading data.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // The sign-in page itself sends signed-in users on (it also checks the user still exists).
  if (pathname === "/signin") return withPageHeaders(NextResponse.next());
  const token = await getToken({ req: request, secret: sessionSettings().secret, cookieName: sessionCookieName, secureCookie: useSecureCookies });
  if (!token) {
    const url = new URL("/signin", request.url);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  return withPageHeaders(NextResponse.next());
}

export const config = {
  // API routes answer 401 JSON themselves; static assets are never gated.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|jpg|jpeg|webp)$).*)"],
};
