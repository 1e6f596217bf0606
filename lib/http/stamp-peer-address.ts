import type { IncomingMessage } from "node:http";
import { peerAddressHeader } from "./client-address";

/**
 * Writes the TCP peer's address into the request header clientAddress reads, replacing any the
 * client sent. Node's parser joins repeated unknown headers with ", ", so deleting first matters.
 */
export function stampPeerAddress(request: IncomingMessage): void {
  delete request.headers[peerAddressHeader];
  const peer = request.socket.remoteAddress;
  if (peer) request.headers[peerAddressHeader] = peer;
}
