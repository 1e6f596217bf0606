import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";

/** Every template, active first, with how many live servers use it (admins only). */
export async function listTemplates({ database, actor }: { database: Database; actor: Actor }) {
  requireAdmin(actor, "templates");
  const templates = await database.template.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: { _count: { select: { servers: { where: { status: { not: "terminated" } } } } } },
  });
  return templates.map(({ _count, ...template }) => ({ ...template, servers: _count.servers }));
}
