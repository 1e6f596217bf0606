import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Request signing shared by the agent's server and its client.

export const timestampHeader = "x-berth-timestamp";
export const nonceHeader = "x-berth-nonce";
export const signatureHeader = "x-berth-signature";
/** The host the request is meant for, as the panel names it; signed, so it cannot be changed on the way. */
export const hostHeader = "x-berth-host";

/** Requests whose timestamp is further than this from the server's clock are refused. */
export const allowedClockSkewSeconds = 60;

export interface SignedRequest {
  /** The host's name the request is for ("" for an agent that never joined: the single-host setup). */
  hostName: string;
  method: string;
  /** Path with query string, exactly as sent on the request line (e.g. /v1/containers?x=1). */
  pathWithQuery: string;
  body: string | Buffer;
}

export interface SignatureHeaders {
  "X-Berth-Host": string;
  "X-Berth-Timestamp": string;
  "X-Berth-Nonce": string;
  "X-Berth-Signature": string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function computeSignature(secret: string, timestamp: string, nonce: string, request: SignedRequest): string {
  const payload = [timestamp, nonce, request.hostName, request.method.toUpperCase(), request.pathWithQuery, sha256Hex(request.body)].join("\n");
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
    "X-Berth-Host": request.hostName,
    "X-Berth-Timestamp": timestamp,
    "X-Berth-Nonce": nonce,
    "X-Berth-Signature": computeSignature(secret, timestamp, nonce, request),
  };
}

export type VerificationFailure = "unauthenticated" | "wrong_host" | "stale_request" | "request_predates_agent" | "replayed_request";

export type VerificationResult =
  | { ok: true }
  | { ok: false; code: VerificationFailure; message: string; details?: { notBefore: number } };

/**
 * Remembers nonces for as long as their request could still pass the timestamp check, so a
 * captured request cannot be sent again. Memory is bounded by the request rate over 2 minutes.
 */
class NonceRegistry {
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
const hostNamePattern = /^[A-Za-z0-9._-]{0,63}$/;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? undefined : value;
}

/**
 * What one agent process accepts: requests signed with its secret, for its host name, sent after
 * it started. Nonces live in memory only, so a request captured before a restart could otherwise
 * be sent again after it; refusing every timestamp from before the start closes that without
 * writing each nonce to disk (clients sign again once, see AgentClient).
 */
export class RequestVerifier {
  private readonly nonces = new NonceRegistry();
  /** The first whole second after the process started: a request signed in the second it started could predate it. */
  readonly notBefore: number;

  constructor(
    private readonly secret: string,
    private readonly hostName: string,
    startedAt: Date = new Date(),
  ) {
    this.notBefore = Math.ceil(startedAt.getTime() / 1000);
  }

  /**
   * Checks a request's signature headers. The signature is checked first, so only holders of
   * the secret learn whether their host name, timestamp or nonce was the problem; the nonce is
   * recorded only for correctly signed, fresh requests.
   */
  verify(headers: Record<string, string | string[] | undefined>, request: Omit<SignedRequest, "hostName">, now: Date = new Date()): VerificationResult {
    const timestamp = header(headers, timestampHeader);
    const nonce = header(headers, nonceHeader);
    const signature = header(headers, signatureHeader);
    const hostName = header(headers, hostHeader) ?? "";
    if (!timestamp || !nonce || !signature) {
      return { ok: false, code: "unauthenticated", message: "missing X-Berth-Timestamp, X-Berth-Nonce or X-Berth-Signature header" };
    }
    if (!timestampPattern.test(timestamp) || !noncePattern.test(nonce) || !signaturePattern.test(signature) || !hostNamePattern.test(hostName)) {
      return { ok: false, code: "unauthenticated", message: "malformed signature headers" };
    }
    const expected = Buffer.from(computeSignature(this.secret, timestamp, nonce, { ...request, hostName }), "hex");
    if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
      return { ok: false, code: "unauthenticated", message: "bad signature" };
    }
    if (hostName !== this.hostName) {
      return { ok: false, code: "wrong_host", message: `the request is signed for host "${hostName}", this agent is "${this.hostName}"` };
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const sentAt = Number(timestamp);
    if (Math.abs(nowSeconds - sentAt) > allowedClockSkewSeconds) {
      return { ok: false, code: "stale_request", message: `timestamp is more than ${allowedClockSkewSeconds} s away from the agent's clock` };
    }
    if (sentAt < this.notBefore) {
      return { ok: false, code: "request_predates_agent", message: "the request was signed before this agent process started; sign it again", details: { notBefore: this.notBefore } };
    }
    if (!this.nonces.claim(nonce, sentAt + allowedClockSkewSeconds, nowSeconds)) {
      return { ok: false, code: "replayed_request", message: "this nonce was already used" };
    }
    return { ok: true };
  }
}
