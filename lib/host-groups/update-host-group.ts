import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { isUniqueViolation } from "../database/unique-violation";
import { parseInput } from "../errors";
import { hostGroupNamed } from "./find-host-group";
import { hostGroupNameTaken } from "./create-host-group";
import { ZHostGroupChange } from "./host-group-fields";

/** Renames a host group or changes its placement policy (admins only); new placements follow at once. */
export async function updateHostGroup({ database, actor, name, input }: { database: Database; actor: Actor; name: string; input: unknown }) {
  requireAdmin(actor, "host groups");
  const change = parseInput(ZHostGroupChange, input);
  const group = await hostGroupNamed(database, name, "group");
  try {
    return await database.$transaction(async (transaction) => {
      const updated = await transaction.hostGroup.update({ where: { id: group.id }, data: change });
      await recordAuditEvent(transaction, { ...auditActor(actor), action: "host_group.update", targetType: "host_group", targetId: group.id, result: "success", details: { from: { name: group.name, placementPolicy: group.placementPolicy }, ...change } });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw hostGroupNameTaken(change.name ?? name);
    throw error;
  }
}
