import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Request signing shared by the agent's server and its client.

export const timestampHeader = "x-berth-timestamp";
export const nonceHeader = "x-berth-nonce";
export const signatureHeader = "x-berth-signature";

/** Requests whose timestamp is further than this from the server's clock are refused. */
export const allowedClockSkewSeconds = 60;

export interface SignedRequest {
  method: string;
  /** Path with query string, exactly as sent on the request line (e.g. /v1/containers?x=1). */
  pathWithQuery: string;
  body: string | Buffer;
}

export interface SignatureHeaders {
  "X-Berth-Timestamp": string;
  "X-Berth-Nonce": string;
  "X-Berth-Signature": string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function computeSignature(secret: string, timestamp: string, nonce: string, request: SignedRequest): string {
  const payload = [timestamp, nonce, request.method.toUpperCase(), request.pathWithQuery, sha256Hex(request.body)].join("\n");
  return createHmac("sha256", secret).update(payload).digest("hex");
}

/** Headers that authenticate one request; `now`/`nonce` are only overridden by tests. */
export function signRequest(
  secret: string,
  request: SignedRequest,
  options: { now?: Date; nonce?: string } = {},
): SignatureHeaders {
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString("hex");
  return {
    "X-Berth-Timestamp": timestamp,
    "X-Berth-Nonce": nonce,
    "X-Berth-Signature": computeSignature(secret, timestamp, nonce, request),
  };
}

export type VerificationFailure = "unauthenticated" | "stale_request" | "replayed_request";

export type VerificationResult = { ok: true } | { ok: false; code: VerificationFailure; message: string };

/**
 * Remembers nonces for as long as their request could still pass the timestamp check, so a
 * captured request cannot be sent again. Memory is bounded by the request rate over 2 minutes.
 */
export class NonceRegistry {
  private readonly expiries = new Map<string, number>();

  /** False if the nonce was already used; otherwise records it until `expiresAt` (unix seconds). */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    for (const [known, expiry] of this.expiries) {
      if (expiry < now) this.expiries.delete(known);
    }
    if (this.expiries.has(nonce)) return false;
    this.expiries.set(nonce, expiresAt);
    return true;
  }
}

const timestampPattern = /^[0-9]{1,12}$/;
const noncePattern = /^[0-9a-f]{16,128}$/;
const signaturePattern = /^[0-9a-f]{64}$/;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? undefined : value;
}

/**
 * Checks a request's signature headers. The signature is checked first, so only holders of the
 * secret learn whether their timestamp or nonce was the problem; the nonce is recorded only for
 * correctly signed, fresh requests.
 */
export function verifyRequest(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  request: SignedRequest,
  nonces: NonceRegistry,
  now: Date = new Date(),
): VerificationResult {
  const timestamp = header(headers, timestampHeader);
  const nonce = header(headers, nonceHeader);
  const signature = header(headers, signatureHeader);
  if (!timestamp || !nonce || !signature) {
    return { ok: false, code: "unauthenticated", message: "missing X-Berth-Timestamp, X-Berth-Nonce or X-Berth-Signature header" };
  }
  if (!timestampPattern.test(timestamp) || !noncePattern.test(nonce) || !signaturePattern.test(signature)) {
    return { ok: false, code: "unauthenticated", message: "malformed signature headers" };
  }
  const expected = Buffer.from(computeSignature(secret, timestamp, nonce, request), "hex");
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    return { ok: false, code: "unauthenticated", message: "bad signature" };
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const sentAt = Number(timestamp);
  if (Math.abs(nowSeconds - sentAt) > allowedClockSkewSeconds) {
    return { ok: false, code: "stale_request", message: `timestamp is more than ${allowedClockSkewSeconds} s away from the agent's clock` };
  }
  if (!nonces.claim(nonce, sentAt + allowedClockSkewSeconds, nowSeconds)) {
    return { ok: false, code: "replayed_request", message: "this nonce was already used" };
  }
  return { ok: true };
}
