import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import type { TPageInput } from "../pagination/read-page";
import { listAuditEvents } from "./list-audit-events";

/**
 * One page of the actor's audit trail (listAuditEvents decides what it may see) with the
 * emails of the users who acted and whose things they were, for the panel's audit pages.
 * Resellers and customers see the emails of themselves and (resellers) their customers; anyone
 * else in their trail (an admin, their reseller) is named only by role.
 */
export async function listAuditTrail({ database, actor, cursor, limit }: { database: Database; actor: Actor } & TPageInput) {
  const { events, nextCursor } = await listAuditEvents({ database, actor, cursor, limit });
  const userIds = [...new Set(events.flatMap((event) => [event.actorId, event.tenantId]).filter((id): id is string => id !== null))];
  const users = await database.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, role: true, resellerId: true } });
  const visible = (user: (typeof users)[number]) => actor.role === "admin" || user.id === actor.userId || (actor.role === "reseller" && user.resellerId === actor.userId);
  const known = new Map(users.map((user) => [user.id, { email: visible(user) ? user.email : null, role: user.role }]));
  return {
    events: events.map((event) => {
      const who = event.actorId ? known.get(event.actorId) : undefined;
      const tenant = event.tenantId ? known.get(event.tenantId) : undefined;
      return { ...event, actorEmail: who?.email ?? null, actorRole: who?.role ?? null, tenantEmail: tenant?.email ?? null };
    }),
    nextCursor,
  };
}
