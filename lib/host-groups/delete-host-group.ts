import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/**
 * Deletes a host group that no host and no plan uses (admins only); otherwise 409, since its
 * plans' servers would silently start going to any host. Deleting one already gone is a no-op.
 */
export async function deleteHostGroup({ database, actor, name }: { database: Database; actor: Actor; name: string }) {
  requireAdmin(actor, "host groups");
  return database.$transaction(async (transaction) => {
    const group = await transaction.hostGroup.findUnique({ where: { name }, include: { _count: { select: { hosts: true, plans: true } } } });
    if (!group) return { deleted: false };
    if (group._count.hosts > 0 || group._count.plans > 0) {
      throw new AppError("host_group_in_use", 409, `Host group ${name} still has ${group._count.hosts} host(s) and ${group._count.plans} plan(s); move them out first`, { hosts: group._count.hosts, plans: group._count.plans });
    }
    await transaction.hostGroup.delete({ where: { id: group.id } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "host_group.delete", targetType: "host_group", targetId: group.id, result: "success", details: { name } });
    return { deleted: true };
  });
}
