import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { isUniqueViolation } from "../database/unique-violation";
import { assertHostGroupExists } from "../host-groups/find-host-group";
import { ZPlanInput } from "./plan-fields";

/**
 * Changes a plan (admins only). Servers already on it keep the limits they were given until
 * they are resized; new orders and resizes get the new ones.
 */
export async function updatePlan({ database, actor, planId, input }: { database: Database; actor: Actor; planId: string; input: unknown }) {
  requireAdmin(actor, "plan");
  const fields = parseInput(ZPlanInput, input);
  await assertHostGroupExists(database, fields.hostGroupId);
  const existing = await database.plan.findUnique({ where: { id: planId } });
  if (!existing) throw new AppError("not_found", 404, `plan ${planId} not found`);
  const taken = () => new AppError("slug_taken", 409, `slug: a plan called "${fields.slug}" already exists`, { field: "slug" });
  if (fields.slug !== existing.slug && (await database.plan.findUnique({ where: { slug: fields.slug }, select: { id: true } }))) throw taken();
  try {
    return await database.$transaction(async (transaction) => {
      const plan = await transaction.plan.update({ where: { id: planId }, data: fields });
      const changed = Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== existing[key as keyof typeof existing]);
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        action: "plan.update",
        targetType: "plan",
        targetId: plan.id,
        result: "success",
        details: { changed, ...fields },
      });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
