import { z } from "zod";
import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { readPage, type TPageInput } from "../pagination/read-page";

function roleAuditEventScope(actor: Actor): Prisma.AuditEventWhereInput {
  if (actor.role === "admin") return {};
  if (actor.role === "reseller") return { OR: [{ resellerId: actor.userId }, { tenantId: actor.userId }, { actorId: actor.userId }] };
  return { OR: [{ tenantId: actor.userId }, { actorId: actor.userId }] };
}

/**
 * The audit events an actor may read: an admin all; a reseller those about its own or its
 * customers' things and those it did; a customer those about its things and those it did. An
 * API token limited to named servers reads only the events about those servers.
 */
export function auditEventScope(actor: Actor): Prisma.AuditEventWhereInput {
  if (!actor.serverIds) return roleAuditEventScope(actor);
  return { AND: [roleAuditEventScope(actor), { targetType: "server", targetId: { in: [...actor.serverIds] } }] };
}

export const ZListAuditEventsInput = z.object({
  /** Only events about one thing, e.g. { type: "server", id }. */
  target: z.object({ type: z.string().min(1), id: z.string().min(1) }).optional(),
});

export interface ListAuditEventsOptions {
  database: Database;
  actor: Actor;
  /** `limit` (1..100, default 50) and the `cursor` of the previous page's nextCursor. */
  limit?: TPageInput["limit"];
  cursor?: string;
  target?: { type: string; id: string };
}

/** One page of the actor's audit trail, newest first, and the cursor for the next page (null at the end). */
export async function listAuditEvents({ database, actor, limit, cursor, ...input }: ListAuditEventsOptions) {
  const { target } = parseInput(ZListAuditEventsInput, input);
  const conditions: Prisma.AuditEventWhereInput[] = [auditEventScope(actor)];
  if (target) conditions.push({ targetType: target.type, targetId: target.id });
  const { rows: page, nextCursor } = await readPage({
    input: { limit, cursor },
    read: (query) => database.auditEvent.findMany({ where: { AND: [...conditions, query.where] }, orderBy: query.orderBy, take: query.take }),
  });
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
  return { events, nextCursor };
}
