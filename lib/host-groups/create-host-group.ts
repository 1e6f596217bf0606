import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { isUniqueViolation } from "../database/unique-violation";
import { AppError, parseInput } from "../errors";
import { ZHostGroupInput } from "./host-group-fields";

export const hostGroupNameTaken = (name: string) => new AppError("name_taken", 409, `name: a host group called "${name}" already exists`, { field: "name" });

/** Creates a host group (admins only); a name already used is 409. */
export async function createHostGroup({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireAdmin(actor, "host groups");
  const fields = parseInput(ZHostGroupInput, input);
  try {
    return await database.$transaction(async (transaction) => {
      const group = await transaction.hostGroup.create({ data: fields });
      await recordAuditEvent(transaction, { ...auditActor(actor), action: "host_group.create", targetType: "host_group", targetId: group.id, result: "success", details: { ...fields } });
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw hostGroupNameTaken(fields.name);
    throw error;
  }
}
