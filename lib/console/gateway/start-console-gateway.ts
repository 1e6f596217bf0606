import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import { refuseUpgrade } from "../../../agent/console/refuse-upgrade";
import { auditActor, type Actor } from "../../access/actor";
import { auditTenancy } from "../../audit/audit-tenancy";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Database } from "../../database/client";
import { agentForHost } from "../../hosts/agent-for-host";
import { clientAddress, peerAddressHeader } from "../../http/client-address";
import { consoleCloseCode, consoleSocketPath, type ConsoleCloseReason } from "../close-reasons";
import { authorizeConsoleSocket } from "./authorize-console-socket";
import { openAgentConsole } from "./open-agent-console";
import { relayConsole } from "./relay-console";

export interface ConsoleGatewayOptions {
  database: Database;
  listen: { host: string; port: number };
  /** The panel's origin (NEXTAUTH_URL's): the only Origin a console socket may come from. */
  panelOrigin: string;
  sessionCookieName: string;
  sessionSecret: string;
  encryptionKey: string;
  idleSeconds: number;
  recheckIntervalMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface ConsoleGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * The caller's address for the audit trail: the panel's server relays the upgrade with the
 * browser's TCP peer stamped in x-berth-peer (after deleting any copy the browser sent); a
 * connection straight to the gateway has its own peer.
 */
function callerAddress(request: IncomingMessage): string | null {
  const stamped = request.headers[peerAddressHeader];
  const peer = typeof stamped === "string" ? stamped : (request.socket.remoteAddress ?? null);
  return clientAddress({ get: (name) => (name === peerAddressHeader ? peer : ((request.headers[name] as string | undefined) ?? null)) });
}

/**
 * The console gateway: its own process (console-gateway/main.ts), on loopback behind the panel's
 * server, so no panel process holds console sessions. It accepts a browser's WebSocket only from
 * the panel's origin, with the session cookie and a ticket (authorizeConsoleSocket), opens the
 * signed console socket of the server's agent and relays between the two (relayConsole). Every
 * session's open and close is an audit event (console.open, console.close).
 */
export async function startConsoleGateway(options: ConsoleGatewayOptions): Promise<ConsoleGateway> {
  const { database } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(`[console] ${line}`));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const relays = new Set<{ end(reason: ConsoleCloseReason): void }>();

  async function audit(actor: Actor, server: { id: string; owner: { id: string; resellerId: string | null } }, action: string, result: "success" | "failure", details: Record<string, unknown>) {
    await recordAuditEvent(database, { ...auditActor(actor), ...auditTenancy(server.owner), action, targetType: "server", targetId: server.id, result, details });
  }

  async function serve(browser: WebSocket, request: IncomingMessage): Promise<void> {
    const refuse = (reason: ConsoleCloseReason) => browser.close(consoleCloseCode, reason);
    // Keystrokes typed while the agent's socket opens are kept and sent once it is open.
    const pending: Array<{ data: Buffer; isBinary: boolean }> = [];
    const keep = (data: WebSocket.RawData, isBinary: boolean) => pending.push({ data: Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer), isBinary });
    browser.on("message", keep);
    const authorization = await authorizeConsoleSocket({
      database,
      headers: request.headers,
      query: new URL(request.url ?? "/", "http://gateway").searchParams,
      cookieName: options.sessionCookieName,
      sessionSecret: options.sessionSecret,
      ipAddress: callerAddress(request),
      now: now(),
    });
    if (!authorization.ok) {
      refuse(authorization.reason);
      return;
    }
    const { actor, session, server } = authorization;
    const host = server.host;
    if (!host) return refuse("server_stopped");
    const agent = await openAgentConsole(agentForHost(host, options.encryptionKey).consoleSocketRequest(server.containerName));
    if ("reason" in agent) {
      await audit(actor, server, "console.open", "failure", { reason: agent.reason, detail: agent.detail });
      refuse(agent.reason);
      return;
    }
    await audit(actor, server, "console.open", "success", {});
    log(`open: server ${server.id} by user ${actor.userId}`);
    // Until the relay listens, messages keep going to `pending`; a browser gone meanwhile ends here.
    browser.off("message", keep);
    if (browser.readyState !== WebSocket.OPEN) {
      agent.socket.close(1000);
      await audit(actor, server, "console.close", "success", { reason: "closed", seconds: 0 });
      return;
    }
    const relay = relayConsole({
      database,
      browser,
      agent: agent.socket,
      pending,
      serverId: server.id,
      session,
      idleSeconds: options.idleSeconds,
      recheckIntervalMs: options.recheckIntervalMs ?? 5000,
      now,
      onEnd: (reason, seconds) => {
        relays.delete(relay);
        log(`close: server ${server.id} by user ${actor.userId}: ${reason} after ${seconds} s`);
        audit(actor, server, "console.close", "success", { reason, seconds }).catch((error: unknown) => log(`audit of console.close failed: ${String(error)}`));
      },
    });
    relays.add(relay);
  }

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { pathname } = new URL(request.url ?? "/", "http://gateway");
    if (pathname !== consoleSocketPath) return refuseUpgrade(socket, 404, "not_found", "no such path");
    // Browsers always send Origin with a WebSocket: another site's page cannot ride on the cookie.
    if (request.headers.origin !== options.panelOrigin) return refuseUpgrade(socket, 403, "origin_refused", "the console only opens from the panel's own pages");
    sockets.handleUpgrade(request, socket, head, (browser) => {
      serve(browser, request).catch((error: unknown) => {
        log(`session failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        browser.close(consoleCloseCode, "host_unreachable");
      });
    });
  }

  const server = createServer((_request, response) => {
    response.writeHead(426, { "Content-Type": "text/plain" }).end("WebSocket only\n");
  });
  server.on("upgrade", upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.listen.port, options.listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `ws://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const relay of [...relays]) relay.end("gateway_closing");
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
