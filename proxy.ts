import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName, useSecureCookies } from "./lib/auth/cookies";
import { AppError } from "./lib/errors";
import { errorResponse } from "./lib/http/error-response";
import { sessionSettings } from "./lib/settings";

/** Panel pages may not be framed by other sites (no clickjacking of settings or sign-in). */
function withPageHeaders(response: NextResponse): NextResponse {
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Content-Security-Policy", "frame-ancestors 'none'");
  return response;
}

/** Whether the path's percent escapes decode (Next.js answers a plain-text 500 for one that does not). */
function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function isSignedOutPage(pathname: string): boolean {
  return pathname === "/signin" || pathname.startsWith("/signin/") || pathname.startsWith("/set-password/");
}

/**
 * Optimistic check only: signed-out visitors to any page go to /signin. Pages and route
 * handlers still check the session themselves (requireUser / currentUser) before reading data.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // API calls come here only when their path holds a percent escape (see the matcher); they
  // authenticate themselves, so they are never sent to /signin.
  if (pathname.startsWith("/api/")) {
    if (isDecodable(pathname)) return NextResponse.next();
    return errorResponse(new AppError("invalid_path", 400, "path: has a percent escape that does not decode to UTF-8"));
  }
  // The sign-in page itself sends signed-in users on (it also checks the user still exists); its
  // neighbours (forgot password, login links) and the set-password links are for signed-out visitors.
  if (isSignedOutPage(pathname)) return withPageHeaders(NextResponse.next());
  // Prometheus's scrape authenticates with its own bearer token (app/metrics/route.ts), never a session.
  if (pathname === "/metrics") return NextResponse.next();
  const token = await getToken({ req: request, secret: sessionSettings().secret, cookieName: sessionCookieName, secureCookie: useSecureCookies });
  if (!token) {
    const url = new URL("/signin", request.url);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  return withPageHeaders(NextResponse.next());
}

export const config = {
  // API routes answer 401 JSON themselves; static assets are never gated. API paths with a
  // percent escape come here only to refuse the undecodable ones (400 invalid_path): a call the
  // proxy sees has its body buffered by Next.js first (up to experimental.proxyClientMaxBodySize).
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|jpg|jpeg|webp)$).*)", "/api/:path(.*%.*)"],
};
