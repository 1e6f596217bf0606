// Why a console WebSocket closed: the gateway closes with consoleCloseCode and one of these
// reasons, and the browser shows the sentence. Safe to import in client components.

export const consoleCloseCode = 4000;

export const consoleCloseReasons = {
  ticket_invalid: "The console ticket was not accepted (used, expired or not yours). Open the console again.",
  signed_out: "You are not signed in. Sign in again to use the console.",
  session_ended: "Your session ended (signed out, password changed or account suspended).",
  server_stopped: "The server is not running.",
  server_suspended: "The server is suspended.",
  console_busy: "This server already has 3 console sessions open. Close one and try again.",
  idle_timeout: "Closed after a while without input.",
  host_unreachable: "The server's host could not be reached. Try again in a moment.",
  console_ended: "The console ended.",
  gateway_closing: "The console service is restarting. Open the console again in a moment.",
  closed: "Closed.",
} as const;

export type ConsoleCloseReason = keyof typeof consoleCloseReasons;

export function isConsoleCloseReason(value: string): value is ConsoleCloseReason {
  return Object.hasOwn(consoleCloseReasons, value);
}

/** The sentence for a close the browser saw; a close without one of our reasons lost its connection. */
export function consoleCloseMessage(code: number, reason: string): string {
  if (code === consoleCloseCode && isConsoleCloseReason(reason)) return consoleCloseReasons[reason];
  return "The connection to the console was lost.";
}

/** The console WebSocket's path on the panel's origin. */
export const consoleSocketPath = "/console/socket";
