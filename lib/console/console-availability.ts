import { AppError } from "../errors";

/** Seconds a console ticket may wait for its WebSocket. */
export const consoleTicketSeconds = 30;

/** The statuses whose server has a console: its own system running, or the rescue system. */
const consoleStatuses = new Set(["running", "rescue"]);

/** Why a server has no console now, as the close reason and the refusal say it; null when it has one. */
export function consoleUnavailability(server: { status: string; suspended: boolean }): "server_suspended" | "server_stopped" | null {
  if (server.suspended || server.status === "suspended") return "server_suspended";
  return consoleStatuses.has(server.status) ? null : "server_stopped";
}

/** Refuses a console for a server that has none now (409, with the same words the panel shows). */
export function assertConsoleAvailable(server: { status: string; suspended: boolean; hostId: string | null }): void {
  const reason = consoleUnavailability(server);
  if (reason === "server_suspended") throw new AppError("server_suspended", 409, "This server is suspended; its console is closed until it is unsuspended");
  if (reason === "server_stopped" || !server.hostId) {
    throw new AppError("server_not_running", 409, "The console is available while the server is running or in rescue; start it first");
  }
}
