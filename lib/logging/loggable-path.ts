// Paths whose last segment is a secret (single-use links mailed to users): logged without it.
const secretPathPattern = /^(\/set-password|\/signin\/link)\/[^/]+/;

/** A request's path fit for a log line: no query string (it may carry tokens) and no link secrets. */
export function loggablePath(url: string | undefined): string {
  const pathname = (url ?? "/").split("?")[0] ?? "/";
  return pathname.replace(secretPathPattern, "$1/[secret]");
}
