/*
 * CSRF check for route handlers that a session cookie authenticates. The cookie is SameSite=Lax,
 * so browsers already leave it off cross-site POSTs; this is the second lock, the same one Next.js
 * applies to server actions: the Origin header (else the Referer) must name this host.
 */

/** The host the client addressed: X-Forwarded-Host behind a proxy, else Host, else the URL's. */
function requestHost(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwarded) return forwarded.toLowerCase();
  const host = request.headers.get("host")?.trim();
  if (host) return host.toLowerCase();
  try {
    return new URL(request.url).host.toLowerCase();
  } catch {
    return null;
  }
}

function hostOf(url: string | null): string | null {
  if (!url || url === "null") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Whether the request came from a page of this same panel. Only the host (with port) is compared,
 * not the scheme: behind a TLS-terminating proxy the panel itself sees plain http. A request with
 * neither Origin nor Referer is not same-origin (browsers send Origin on every non-GET fetch).
 */
export function isSameOrigin(request: Request): boolean {
  const expected = requestHost(request);
  const claimed = hostOf(request.headers.get("origin")) ?? (request.headers.has("origin") ? null : hostOf(request.headers.get("referer")));
  return expected !== null && claimed !== null && claimed === expected;
}

/** Methods that change nothing and so need no CSRF check. */
export function isSafeMethod(method: string): boolean {
  return ["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}
