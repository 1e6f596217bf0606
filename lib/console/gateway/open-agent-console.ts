import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import type { ConsoleCloseReason } from "../close-reasons";

/** The agent's refusal codes (agent/errors.ts) as the browser is told them. */
const refusalReasons: Record<string, ConsoleCloseReason> = {
  console_busy: "console_busy",
  not_running: "server_stopped",
  not_found: "server_stopped",
  suspended: "server_suspended",
};

function readRefusalCode(response: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { error?: { code?: unknown } };
        resolve(typeof body.error?.code === "string" ? body.error.code : null);
      } catch {
        resolve(null);
      }
    });
    response.on("error", () => resolve(null));
  });
}

/**
 * Opens the agent's console WebSocket (a signed upgrade). Resolves with the open socket, or with
 * the reason to tell the browser when the agent refused (console_busy, not running) or was
 * unreachable; `detail` is for the audit trail.
 */
export function openAgentConsole(request: { url: string; headers: Record<string, string>; tls?: object }, timeoutMs = 10_000): Promise<{ socket: WebSocket } | { reason: ConsoleCloseReason; detail: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(request.url, { ...request.tls, headers: request.headers, handshakeTimeout: timeoutMs, maxPayload: 1024 * 1024 });
    socket.once("open", () => resolve({ socket }));
    socket.once("unexpected-response", (_request, response) => {
      void readRefusalCode(response).then((code) => {
        resolve({ reason: (code && refusalReasons[code]) || "host_unreachable", detail: `agent refused: ${response.statusCode} ${code ?? ""}`.trim() });
        socket.terminate();
      });
    });
    socket.once("error", (error) => resolve({ reason: "host_unreachable", detail: error.message }));
  });
}
