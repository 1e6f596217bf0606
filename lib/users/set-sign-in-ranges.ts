import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { addressInRanges, listToStore, ZAddressRanges } from "../network/address-ranges";

/** The CIDR ranges an account may sign in from; an empty list lifts the limit. */
export const ZSignInRangesInput = z.object({ ranges: ZAddressRanges });
export type TSignInRangesInput = z.input<typeof ZSignInRangesInput>;

export interface SetSignInRangesOptions {
  database: Database;
  /** The account itself, or an admin for any account; absent for the machine's operator (the CLI). */
  actor?: Actor;
  userId: string;
  input: unknown;
}

/**
 * Limits where an account may sign in from (checked by authorizeCredentials; sessions already
 * open are not ended). Others' accounts are 404 unless the actor is an admin. A user limiting its
 * own account from the panel must include the address it is using, so it cannot lock itself out.
 */
export async function setSignInRanges({ database, actor, userId, input }: SetSignInRangesOptions) {
  const target = await database.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true, resellerId: true } });
  if (!target || (actor && actor.userId !== userId && actor.role !== "admin")) throw new AppError("not_found", 404, `user ${userId} not found`);
  const { ranges } = parseInput(ZSignInRangesInput, input);
  if (actor?.via === "session" && actor.userId === userId && ranges.length > 0 && !addressInRanges(actor.ipAddress, ranges)) {
    throw new AppError("invalid_request", 400, `ranges: your current address (${actor.ipAddress ?? "unknown"}) is in none of them, so you could not sign in again`, { field: "ranges" });
  }
  return database.$transaction(async (transaction) => {
    const updated = await transaction.user.update({ where: { id: userId }, data: { signInRanges: listToStore(ranges) }, select: { id: true, email: true, signInRanges: true } });
    await recordAuditEvent(transaction, {
      ...(actor ? auditActor(actor) : { actorType: "system" as const }),
      ...auditTenancy(target),
      action: "user.sign_in_ranges",
      targetType: "user",
      targetId: userId,
      result: "success",
      details: { ranges: ranges.length > 0 ? ranges : null },
    });
    return { ...updated, signInRanges: ranges };
  });
}
