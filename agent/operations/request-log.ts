import type { IncomingMessage, ServerResponse } from "node:http";
import type { AgentLogger } from "../log";

/**
 * One line per answered request once it is sent. Successful reads (the panel's polls of health,
 * usage and inventory) are debug lines, so a host's log at info holds what changed something.
 */
export function logRequest(log: AgentLogger, request: IncomingMessage, response: ServerResponse, operationId: string): void {
  const started = process.hrtime.bigint();
  response.once("finish", () => {
    const quiet = request.method === "GET" && response.statusCode < 400;
    log({
      level: quiet ? "debug" : "info",
      event: "request",
      method: request.method,
      path: request.url,
      status: response.statusCode,
      operationId,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
  });
}
