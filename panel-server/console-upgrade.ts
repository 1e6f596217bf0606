import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import { refuseUpgrade } from "../agent/console/refuse-upgrade";
import { consoleSocketPath } from "../lib/console/close-reasons";
import { peerAddressHeader } from "../lib/http/client-address";

/**
 * Relays a WebSocket upgrade for /console/socket to the console gateway as raw TCP: the request
 * is passed on as it came (with the browser's TCP peer stamped, any copy it sent deleted), then
 * bytes flow both ways. The panel holds no console session of its own. Other paths get 404.
 */
export function relayConsoleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, gateway: { host: string; port: number }): void {
  if (new URL(request.url ?? "/", "http://panel").pathname !== consoleSocketPath) {
    refuseUpgrade(socket, 404, "not_found", "no such path");
    return;
  }
  const lines = [`${request.method ?? "GET"} ${request.url ?? "/"} HTTP/1.1`];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    if (request.rawHeaders[index]?.toLowerCase() !== peerAddressHeader) lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
  }
  if (request.socket.remoteAddress) lines.push(`${peerAddressHeader}: ${request.socket.remoteAddress}`);

  const upstream = connect(gateway.port, gateway.host);
  let connected = false;
  upstream.once("connect", () => {
    connected = true;
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  upstream.on("error", () => {
    if (!connected) refuseUpgrade(socket, 502, "console_unavailable", "the console gateway is not running");
    else socket.destroy();
  });
  socket.on("error", () => upstream.destroy());
  socket.on("close", () => upstream.destroy());
  upstream.on("close", () => socket.destroy());
}
