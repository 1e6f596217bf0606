import type { IncomingMessage, ServerResponse } from "node:http";
import type { AgentConfig } from "../config";
import { hasBearerToken } from "../protocol/bearer-token";
import type { AgentMetrics } from "./agent-metrics";
import { failedReadinessChecks } from "./readiness";

function send(response: ServerResponse, status: number, contentType: string, text: string): void {
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, "application/json", JSON.stringify(body));
}

/**
 * The agent's routes for supervisors and Prometheus, outside the signed API: GET /livez and
 * /readyz (unauthenticated; they say only "ok" or which check failed) and GET /metrics (bearer
 * BERTH_METRICS_TOKEN; 404 when no token is set). Answers true when it answered the request.
 */
export function operationsRoutes(options: { config: AgentConfig; metrics: AgentMetrics }) {
  const { config, metrics } = options;
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const pathname = new URL(request.url ?? "/", "http://agent").pathname;
    if (pathname !== "/livez" && pathname !== "/readyz" && pathname !== "/metrics") return false;
    if (request.method !== "GET") {
      sendJson(response, 405, { error: { code: "method_not_allowed", message: `method ${request.method} is not allowed here` } });
      return true;
    }
    if (pathname === "/livez") {
      sendJson(response, 200, { status: "ok" });
      return true;
    }
    if (pathname === "/readyz") {
      const failed = await failedReadinessChecks(config);
      if (failed.length === 0) sendJson(response, 200, { status: "ok" });
      else sendJson(response, 503, { error: { code: "not_ready", message: `not ready: ${failed.join(", ")} failed`, details: { failed } } });
      return true;
    }
    if (config.metricsToken === null) {
      sendJson(response, 404, { error: { code: "not_found", message: "metrics are off: set BERTH_METRICS_TOKEN" } });
      return true;
    }
    if (!hasBearerToken(request.headers.authorization, config.metricsToken)) {
      response.setHeader("WWW-Authenticate", 'Bearer realm="berth-agent-metrics"');
      sendJson(response, 401, { error: { code: "unauthenticated", message: 'Send "Authorization: Bearer <BERTH_METRICS_TOKEN>"' } });
      return true;
    }
    send(response, 200, metrics.registry.contentType, await metrics.registry.metrics());
    return true;
  };
}
