interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The caller's address as the reverse proxy in front of the panel reports it: the first
 * X-Forwarded-For hop, else X-Real-IP. The one place that decides it, for API routes, panel
 * actions, sign-in throttling and the audit trail.
 */
export function clientAddress(headers: HeaderSource): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}

/** The same, for the plain header object next-auth hands to authorize(). */
export function clientAddressOfHeaderRecord(headers: Record<string, unknown> | undefined): string | null {
  return clientAddress({ get: (name) => (typeof headers?.[name] === "string" ? (headers[name] as string) : null) });
}
