import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import type { Actor } from "../../access/actor";
import { findServerFor } from "../../access/server-scope";
import { resolveSessionUser } from "../../auth/resolve-session-user";
import type { Database } from "../../database/client";
import type { UserRole } from "../../domain/statuses";
import { AppError } from "../../errors";
import type { ConsoleCloseReason } from "../close-reasons";
import { consoleUnavailability } from "../console-availability";
import { redeemConsoleTicket } from "../redeem-console-ticket";
import { readSessionCookie, type ConsoleSessionClaims } from "./read-session-cookie";

export const ZConsoleSocketQuery = z.object({
  server: z.string().min(1).max(64),
  ticket: z.string().min(1).max(128),
});

export interface AuthorizeConsoleSocketOptions {
  database: Database;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  cookieName: string;
  sessionSecret: string;
  ipAddress: string | null;
  now: Date;
}

export type ConsoleAuthorization =
  | { ok: true; actor: Actor; session: ConsoleSessionClaims; server: Awaited<ReturnType<typeof findServerFor>> }
  | { ok: false; reason: ConsoleCloseReason };

/**
 * Who may open this console socket: the signed-in user of the session cookie, still at the same
 * session version, holding an unused, unexpired ticket issued to that user and session for this
 * server, which must still be visible to the user and running or in rescue. The ticket is used
 * up by the first attempt that gets this far, whatever happens next.
 */
export async function authorizeConsoleSocket(options: AuthorizeConsoleSocketOptions): Promise<ConsoleAuthorization> {
  const { database } = options;
  const query = ZConsoleSocketQuery.safeParse(Object.fromEntries(options.query));
  if (!query.success) return { ok: false, reason: "ticket_invalid" };
  const session = await readSessionCookie(options.headers.cookie, options.cookieName, options.sessionSecret);
  if (!session || session.expiresAt <= options.now) return { ok: false, reason: "signed_out" };
  const user = await resolveSessionUser({ database, userId: session.userId, sessionVersion: session.sessionVersion });
  if (!user) return { ok: false, reason: "signed_out" };
  const actor: Actor = { userId: user.id, role: user.role as UserRole, via: "session", ipAddress: options.ipAddress };
  try {
    await redeemConsoleTicket({ database, token: query.data.ticket, userId: user.id, sessionVersion: session.sessionVersion, serverId: query.data.server, now: options.now });
    const server = await findServerFor(database, actor, query.data.server);
    const unavailable = consoleUnavailability(server);
    if (unavailable) return { ok: false, reason: unavailable };
    if (!server.host) return { ok: false, reason: "server_stopped" };
    return { ok: true, actor, session, server };
  } catch (error) {
    // A ticket for a server the user can no longer see reads like any other bad ticket.
    if (error instanceof AppError && (error.status === 401 || error.status === 404)) return { ok: false, reason: "ticket_invalid" };
    throw error;
  }
}
