import { randomUUID } from "node:crypto";
import { requestIdHeader, wellFormedCorrelationId } from "../../agent/protocol/correlation";

export { requestIdHeader } from "../../agent/protocol/correlation";

/** The caller's X-Request-Id if it is well formed (a proxy's or load balancer's), else a new one. */
export function requestIdFor(headers: Record<string, string | string[] | undefined>): string {
  return wellFormedCorrelationId(headers[requestIdHeader]) ?? randomUUID();
}

/** The id the panel's server gave a request (undefined where it did not run, e.g. `next dev`, and the caller sent none). */
export function requestIdOf(headers: Headers): string | undefined {
  return wellFormedCorrelationId(headers.get(requestIdHeader));
}
