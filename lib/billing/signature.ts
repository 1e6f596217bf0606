import { createHmac, timingSafeEqual } from "node:crypto";

// Berth-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
export const signatureToleranceSeconds = 300;

export function signBillingPayload(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const digest = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return `t=${timestamp},v1=${digest}`;
}

export type SignatureProblem = "missing" | "malformed" | "stale" | "mismatch";

function parseSignatureHeader(header: string | null, now: number): { problem: Exclude<SignatureProblem, "mismatch"> } | { timestamp: number; given: string } {
  if (!header) return { problem: "missing" };
  const parts = Object.fromEntries(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  const given = parts.v1;
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/i.test(given)) return { problem: "malformed" };
  if (Math.abs(now / 1000 - timestamp) > signatureToleranceSeconds) return { problem: "stale" };
  return { timestamp, given };
}

/** What is wrong with the header alone (missing, malformed, stale), so such calls are refused before their body is read. */
export function checkBillingSignatureHeader(header: string | null, now = Date.now()): SignatureProblem | null {
  const parsed = parseSignatureHeader(header, now);
  return "problem" in parsed ? parsed.problem : null;
}

/** Null when the header is a valid, fresh signature of the body; otherwise what is wrong. */
export function checkBillingSignature(secret: string, rawBody: string, header: string | null, now = Date.now()): SignatureProblem | null {
  const parsed = parseSignatureHeader(header, now);
  if ("problem" in parsed) return parsed.problem;
  const { timestamp, given } = parsed;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex")) ? null : "mismatch";
}
