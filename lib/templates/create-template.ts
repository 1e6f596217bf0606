import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { isUniqueViolation } from "../database/unique-violation";
import { ZTemplateInput } from "./template-fields";

/** Adds an active template (admins only); a slug already used is 409. The agents must already have its subvolume. */
export async function createTemplate({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireAdmin(actor, "templates");
  const fields = parseInput(ZTemplateInput, input);
  const taken = () => new AppError("slug_taken", 409, `slug: a template called "${fields.slug}" already exists`, { field: "slug" });
  if (await database.template.findUnique({ where: { slug: fields.slug }, select: { id: true } })) throw taken();
  try {
    return await database.$transaction(async (transaction) => {
      const template = await transaction.template.create({ data: fields });
      await recordAuditEvent(transaction, {
        ...auditActor(actor),
        action: "template.create",
        targetType: "template",
        targetId: template.id,
        result: "success",
        details: { ...fields },
      });
      return template;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
