import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database, Transaction } from "../database/client";

/** A template slug from an image name (slugs take no dots or underscores), made unique with -2, -3, ... */
async function freeSlug(transaction: Transaction, image: string): Promise<string> {
  const base = image.replace(/[._]+/g, "-").replace(/-+$/, "").slice(0, 44);
  for (let suffix = 1; ; suffix += 1) {
    const slug = suffix === 1 ? base : `${base}-${suffix}`;
    if (!(await transaction.template.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

/**
 * Makes a new image orderable: when no template names it yet, an active one is created (slug from
 * the image name, name its OS's pretty name). An existing template, active or not, is left as the
 * admin set it. Check and create share one transaction, so two jobs of one image make one template.
 */
export async function ensureImageTemplate(database: Database, image: string, osName: string): Promise<void> {
  await database.$transaction(async (transaction) => {
    if (await transaction.template.findFirst({ where: { agentTemplate: image }, select: { id: true } })) return;
    const slug = await freeSlug(transaction, image);
    const template = await transaction.template.create({ data: { slug, name: osName, agentTemplate: image, active: true } });
    await recordAuditEvent(transaction, {
      actorType: "worker",
      action: "template.create",
      targetType: "template",
      targetId: template.id,
      result: "success",
      details: { slug, name: osName, agentTemplate: image },
    });
  });
}
