import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { ContainerDriver } from "../driver";
import { AgentError } from "../errors";
import type { AgentLogger } from "../log";
import type { RequestVerifier } from "../protocol/signature";
import { parseContainerName } from "../validation";
import { consoleSessionsPerContainer, type ConsoleEndReason } from "./console-protocol";
import { runConsoleSession } from "./console-session";
import { ConsoleSessions } from "./console-sessions";
import { refuseUpgrade } from "./refuse-upgrade";

export interface ConsoleUpgradeOptions {
  /** The agent's own verifier: a nonce used on the API is used on the console too. */
  verifier: RequestVerifier;
  driver: ContainerDriver;
  log: AgentLogger;
  /** How often an open session checks that its container still runs and is not suspended. */
  checkIntervalMs?: number;
}

const consolePath = /^\/v1\/containers\/([^/]+)\/console$/;

/** Why a container has no console now, or null when it is running and not suspended. */
async function unavailableReason(driver: ContainerDriver, name: string): Promise<ConsoleEndReason | null> {
  const state = await driver.state(name);
  if (state?.suspended) return "container_suspended";
  return state?.state === "RUNNING" ? null : "container_stopped";
}

/**
 * `GET /v1/containers/{name}/console` as a WebSocket: signed like every agent request (empty
 * body), checked before the upgrade is accepted; refusals are plain HTTP errors. Each session
 * runs the driver's attach command (lxc-console) under a PTY on a tty of its own.
 */
export function consoleUpgradeHandler(options: ConsoleUpgradeOptions) {
  const { driver, log } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sessions = new ConsoleSessions();

  async function accept(request: IncomingMessage, socket: Duplex, head: Buffer, operationId: string): Promise<void> {
    const pathWithQuery = request.url ?? "/";
    const verdict = options.verifier.verify(request.headers, { method: request.method ?? "GET", pathWithQuery, body: "" });
    if (!verdict.ok) {
      log({ operationId, event: "refused", reason: verdict.code, method: request.method, path: pathWithQuery });
      refuseUpgrade(socket, 401, verdict.code, verdict.message);
      return;
    }
    const match = consolePath.exec(new URL(pathWithQuery, "http://agent").pathname);
    if (!match?.[1] || request.method !== "GET") throw new AgentError("not_found", "no such route");
    const name = parseContainerName(decodeURIComponent(match[1]));
    const state = await driver.state(name);
    if (!state) throw new AgentError("not_found", `container ${name} does not exist`);
    if (state.suspended) throw new AgentError("suspended", `container ${name} is suspended`);
    if (state.state !== "RUNNING") throw new AgentError("not_running", `container ${name} is not running`);
    // Loaded here, when the first console opens, so only the agent process ever loads node-pty.
    const { spawn } = await import("node-pty");
    const tty = sessions.reserve(name);
    if (tty === null) throw new AgentError("console_busy", `container ${name} already has ${consoleSessionsPerContainer} console sessions open`);

    // ws answers a malformed handshake itself and never calls back: give the tty back then.
    let upgraded = false;
    socket.once("close", () => {
      if (!upgraded) sessions.release(name, tty);
    });
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      upgraded = true;
      log({ operationId, action: "console", container: name, tty, phase: "started" });
      try {
        const session = runConsoleSession({
          spawn,
          socket: webSocket,
          command: driver.consoleCommand(name, tty),
          check: () => unavailableReason(driver, name),
          checkIntervalMs: options.checkIntervalMs ?? 5000,
          onEnd: (reason, seconds) => log({ operationId, action: "console", container: name, tty, phase: "done", reason, seconds }),
          onExit: () => sessions.release(name, tty),
        });
        sessions.attach(name, tty, session);
      } catch (error) {
        sessions.release(name, tty);
        log({ operationId, action: "console", container: name, tty, phase: "failed", error: error instanceof Error ? error.message : String(error) });
        webSocket.close(1011, "console_failed");
      }
    });
  }

  return {
    /** For the HTTP server's "upgrade" event. */
    handle(request: IncomingMessage, socket: Duplex, head: Buffer, operationId: string): void {
      accept(request, socket, head, operationId).catch((error: unknown) => {
        if (error instanceof AgentError) {
          refuseUpgrade(socket, error.status, error.code, error.message);
          return;
        }
        log({ operationId, path: request.url, error: "internal_error", message: error instanceof Error ? error.message : String(error) });
        refuseUpgrade(socket, 500, "internal_error", `internal error in the agent (operation ${operationId}); see the agent log`);
      });
    },
    /** Ends the container's sessions (after a suspend), or all of them (agent shutdown). */
    endSessions(reason: ConsoleEndReason, name?: string): void {
      sessions.endAll(reason, name);
    },
  };
}
