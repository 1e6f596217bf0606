import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";

/** Offers a template for new orders and reinstalls, or stops offering it (admins only); servers on it are untouched. */
export async function setTemplateActive({ database, actor, templateId, active }: { database: Database; actor: Actor; templateId: string; active: boolean }) {
  requireAdmin(actor, "template");
  return database.$transaction(async (transaction) => {
    const template = await transaction.template.findUnique({ where: { id: templateId } });
    if (!template) throw new AppError("not_found", 404, `template ${templateId} not found`);
    if (template.active === active) return template;
    const updated = await transaction.template.update({ where: { id: templateId }, data: { active } });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: active ? "template.activate" : "template.deactivate",
      targetType: "template",
      targetId: template.id,
      result: "success",
      details: { slug: template.slug },
    });
    return updated;
  });
}
