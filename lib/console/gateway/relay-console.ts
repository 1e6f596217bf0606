import WebSocket from "ws";
import { parseConsoleControl } from "../../../agent/console/console-protocol";
import { resolveSessionUser } from "../../auth/resolve-session-user";
import type { Database } from "../../database/client";
import { consoleCloseCode, isConsoleCloseReason, type ConsoleCloseReason } from "../close-reasons";
import { consoleUnavailability } from "../console-availability";
import type { ConsoleSessionClaims } from "./read-session-cookie";

export interface RelayConsoleOptions {
  database: Database;
  browser: WebSocket;
  agent: WebSocket;
  /** Messages the browser sent while the agent's socket was opening, in order. */
  pending: Array<{ data: Buffer; isBinary: boolean }>;
  serverId: string;
  session: ConsoleSessionClaims;
  idleSeconds: number;
  recheckIntervalMs: number;
  now: () => Date;
  onEnd(reason: ConsoleCloseReason, seconds: number): void;
}

// What the agent says when it ends a session (agent/console/console-protocol.ts), as the browser hears it.
const agentReasons: Record<string, ConsoleCloseReason> = {
  container_stopped: "server_stopped",
  container_suspended: "server_suspended",
  console_ended: "console_ended",
  agent_closing: "host_unreachable",
};

const outputHighWaterBytes = 1024 * 1024;

/** Why the session must end now, from the database: the server's state and the session's standing. */
async function recheck(options: RelayConsoleOptions): Promise<ConsoleCloseReason | null> {
  const { database, session } = options;
  const server = await database.server.findUnique({ where: { id: options.serverId }, select: { status: true, suspended: true } });
  const unavailable = server ? consoleUnavailability(server) : "server_stopped";
  if (unavailable) return unavailable;
  if (session.expiresAt <= options.now()) return "session_ended";
  const user = await resolveSessionUser({ database, userId: session.userId, sessionVersion: session.sessionVersion });
  return user ? null : "session_ended";
}

/**
 * Relays one console session between the browser and the agent: terminal bytes as binary frames,
 * resize messages (checked) as text. Every `recheckIntervalMs` it ends the session when the server
 * stopped or was suspended, the session ended (sign-out, password change, suspension), or the
 * browser sent nothing for `idleSeconds`.
 */
export function relayConsole(options: RelayConsoleOptions): { end(reason: ConsoleCloseReason): void } {
  const { browser, agent, now } = options;
  const started = now().getTime();
  let lastInput = started;
  let ended = false;

  const end = (reason: ConsoleCloseReason) => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    if (browser.readyState === WebSocket.OPEN) browser.close(consoleCloseCode, reason);
    if (agent.readyState === WebSocket.OPEN || agent.readyState === WebSocket.CONNECTING) agent.close(1000);
    options.onEnd(reason, Math.round((now().getTime() - started) / 1000));
  };

  const forward = (data: Buffer, isBinary: boolean) => {
    lastInput = now().getTime();
    if (isBinary) {
      agent.send(data, { binary: true });
      return;
    }
    const control = parseConsoleControl(data.toString("utf8"));
    if (control) agent.send(JSON.stringify(control));
  };
  for (const message of options.pending) forward(message.data, message.isBinary);
  browser.on("message", (data, isBinary) => forward(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer), isBinary));
  // A slow browser pauses reading from the agent, whose own flow control then pauses the PTY.
  agent.on("message", (data, isBinary) => {
    if (browser.readyState !== WebSocket.OPEN) return;
    browser.send(data, { binary: isBinary }, () => {
      if (agent.isPaused && browser.bufferedAmount < outputHighWaterBytes / 2) agent.resume();
    });
    if (!agent.isPaused && browser.bufferedAmount > outputHighWaterBytes) agent.pause();
  });
  browser.on("close", () => end("closed"));
  browser.on("error", () => end("closed"));
  agent.on("close", (_code, reason) => {
    const text = reason.toString("utf8");
    end(agentReasons[text] ?? (isConsoleCloseReason(text) ? text : "console_ended"));
  });
  agent.on("error", () => end("host_unreachable"));

  const timer = setInterval(() => {
    if (now().getTime() - lastInput > options.idleSeconds * 1000) {
      end("idle_timeout");
      return;
    }
    recheck(options).then(
      (reason) => {
        if (reason) end(reason);
      },
      (error: unknown) => console.error(`[console] recheck of server ${options.serverId} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, options.recheckIntervalMs);
  return { end };
}
