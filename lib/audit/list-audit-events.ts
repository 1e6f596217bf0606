import { z } from "zod";
import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import type { Prisma } from "../generated/prisma/client";

/**
 * The audit events an actor may read: an admin all; a reseller those about its own or its
 * customers' things and those it did; a customer those about its things and those it did.
 */
export function auditEventScope(actor: Actor): Prisma.AuditEventWhereInput {
  if (actor.role === "admin") return {};
  if (actor.role === "reseller") return { OR: [{ resellerId: actor.userId }, { tenantId: actor.userId }, { actorId: actor.userId }] };
  return { OR: [{ tenantId: actor.userId }, { actorId: actor.userId }] };
}

export const ZListAuditEventsInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  /** The id of the last event of the previous page. */
  cursor: z.string().min(1).optional(),
  /** Only events about one thing, e.g. { type: "server", id }. */
  target: z.object({ type: z.string().min(1), id: z.string().min(1) }).optional(),
});

export interface ListAuditEventsOptions {
  database: Database;
  actor: Actor;
  limit?: number;
  cursor?: string;
  target?: { type: string; id: string };
}

/** One page of the actor's audit trail, newest first, and the cursor for the next page (null at the end). */
export async function listAuditEvents({ database, actor, ...input }: ListAuditEventsOptions) {
  const { limit, cursor, target } = parseInput(ZListAuditEventsInput, input);
  const scope = auditEventScope(actor);
  const conditions: Prisma.AuditEventWhereInput[] = [scope];
  if (target) conditions.push({ targetType: target.type, targetId: target.id });
  if (cursor) {
    // The cursor must be an event the actor can see, so paging never confirms others' ids.
    const last = await database.auditEvent.findFirst({ where: { AND: [{ id: cursor }, scope] }, select: { id: true, createdAt: true } });
    if (!last) throw new AppError("invalid_cursor", 400, "cursor: not an event of this trail");
    conditions.push({ OR: [{ createdAt: { lt: last.createdAt } }, { createdAt: last.createdAt, id: { lt: last.id } }] });
  }
  const rows = await database.auditEvent.findMany({
    where: { AND: conditions },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const events = page.map((event) => ({
    id: event.id,
    createdAt: event.createdAt,
    actorId: event.actorId,
    actorType: event.actorType,
    credentialId: event.credentialId,
    tenantId: event.tenantId,
    resellerId: event.resellerId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    result: event.result,
    details: event.details ? (JSON.parse(event.details) as Record<string, unknown>) : null,
    // Where someone else acted from is theirs: only admins see others' addresses.
    ipAddress: actor.role === "admin" || event.actorId === actor.userId ? event.ipAddress : null,
  }));
  return { events, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}
