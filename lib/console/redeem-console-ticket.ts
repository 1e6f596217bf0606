import type { Database } from "../database/client";
import { AppError } from "../errors";
import { singleUseTokenHash } from "../security/single-use-token";

/**
 * Uses a console ticket up: one conditional UPDATE, so of two redeemers at once only one wins.
 * It must be unused, unexpired, and issued to this user, at this session version, for this
 * server; every refusal is the same 401, so a caller learns nothing about someone else's ticket.
 */
export async function redeemConsoleTicket({
  database,
  token,
  userId,
  sessionVersion,
  serverId,
  now = new Date(),
}: {
  database: Pick<Database, "consoleTicket">;
  token: string;
  userId: string;
  sessionVersion: number;
  serverId: string;
  now?: Date;
}): Promise<void> {
  const { count } = await database.consoleTicket.updateMany({
    where: { tokenHash: singleUseTokenHash(token), userId, sessionVersion, serverId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) throw new AppError("ticket_invalid", 401, "This console ticket is not valid: it was used already, has expired, or is not yours");
}
