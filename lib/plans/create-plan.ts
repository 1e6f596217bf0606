import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { isUniqueViolation } from "../database/unique-violation";
import { assertHostGroupExists } from "../host-groups/find-host-group";
import { ZPlanInput } from "./plan-fields";

/** Creates an active plan (admins only); a slug already used is 409. */
export async function createPlan({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireAdmin(actor, "plans");
  const fields = parseInput(ZPlanInput, input);
  await assertHostGroupExists(database, fields.hostGroupId);
  const taken = () => new AppError("slug_taken", 409, `slug: a plan called "${fields.slug}" already exists`, { field: "slug" });
  if (await database.plan.findUnique({ where: { slug: fields.slug }, select: { id: true } })) throw taken();
  try {
    return await database.$transaction(async (transaction) => {
      const plan = await transaction.plan.create({ data: fields });
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        action: "plan.create",
        targetType: "plan",
        targetId: plan.id,
        result: "success",
        details: { ...fields },
      });
      return plan;
    });
  } catch (error) {
    // Another admin may have taken the slug between the check and the insert.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
