import type { Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { assertConsoleAvailable, consoleTicketSeconds } from "./console-availability";
import { newSingleUseToken, singleUseTokenHash } from "../security/single-use-token";

export interface ConsoleTicket {
  /** Shown once, to the browser that asked; the database keeps only its SHA-256. */
  token: string;
  serverId: string;
  expiresAt: Date;
}

// Used and expired tickets are kept this long (for a look after an incident), then deleted.
const keepSpentMs = 24 * 60 * 60 * 1000;

/**
 * A single-use ticket for one console session of a server the actor may see, bound to the
 * actor's user, its current session version and the server, valid for 30 seconds. Only
 * signed-in users get one: the console gateway checks the ticket against the session cookie.
 */
export async function issueConsoleTicket({ database, actor, serverId, now = new Date() }: { database: Database; actor: Actor; serverId: string; now?: Date }): Promise<ConsoleTicket> {
  const server = await findServerFor(database, actor, serverId);
  if (actor.via !== "session") throw new AppError("session_required", 403, "The console needs a signed-in browser session");
  assertConsoleAvailable(server);
  const user = await database.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { sessionVersion: true } });
  const token = newSingleUseToken();
  const expiresAt = new Date(now.getTime() + consoleTicketSeconds * 1000);
  await database.$transaction([
    database.consoleTicket.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - keepSpentMs) } } }),
    database.consoleTicket.create({ data: { tokenHash: singleUseTokenHash(token), userId: actor.userId, serverId: server.id, sessionVersion: user.sessionVersion, expiresAt } }),
  ]);
  return { token, serverId: server.id, expiresAt };
}
