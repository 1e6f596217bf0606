import type { IncomingMessage, ServerResponse } from "node:http";
import { withLogContext } from "./log-context";
import { loggablePath } from "./loggable-path";
import type { Logger } from "./logger";
import { requestIdFor, requestIdHeader } from "./request-id";

/**
 * Wraps the panel server's request handler: one id per request (the caller's X-Request-Id if well
 * formed, else a new one) that handlers read from the header and every log line of the request
 * names; the answer echoes it; one "request" line when the answer is sent; failures are logged.
 */
export function withRequestLogging(log: Logger, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const requestId = requestIdFor(request.headers);
    request.headers[requestIdHeader] = requestId;
    response.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    const line = () => ({ requestId, method: request.method, path: loggablePath(request.url) });
    response.once("finish", () => {
      // Next.js's static files at debug; API calls, pages and errors at info.
      const quiet = response.statusCode < 400 && (request.url ?? "").startsWith("/_next/");
      log[quiet ? "debug" : "info"]({ ...line(), status: response.statusCode, ms: Math.round(performance.now() - started) }, "request");
    });
    withLogContext({ requestId }, () => handle(request, response)).catch((error: unknown) => {
      log.error({ ...line(), err: error }, "request failed");
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  };
}
