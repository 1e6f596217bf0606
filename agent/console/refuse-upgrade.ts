import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Answers a WebSocket upgrade request with a plain HTTP error and closes the connection, so the
 * caller reads the refusal (`{"error": {code, message}}`) instead of a half-open socket.
 */
export function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}
