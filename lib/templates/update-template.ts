import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { ZTemplateInput } from "./template-fields";

export const ZUpdateTemplateInput = ZTemplateInput.pick({ name: true, agentTemplate: true });

/**
 * Renames a template or points it at another agent subvolume (admins only), e.g. to fix one
 * whose subvolume is missing on the hosts. The slug stays: API clients order by it.
 */
export async function updateTemplate({ database, actor, templateId, input }: { database: Database; actor: Actor; templateId: string; input: unknown }) {
  requireAdmin(actor, "template");
  const fields = parseInput(ZUpdateTemplateInput, input);
  return database.$transaction(async (transaction) => {
    const existing = await transaction.template.findUnique({ where: { id: templateId } });
    if (!existing) throw new AppError("not_found", 404, `template ${templateId} not found`);
    const template = await transaction.template.update({ where: { id: templateId }, data: fields });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "template.update",
      targetType: "template",
      targetId: template.id,
      result: "success",
      details: { slug: existing.slug, previous: { name: existing.name, agentTemplate: existing.agentTemplate }, ...fields },
    });
    return template;
  });
}
