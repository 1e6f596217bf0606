import type { Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import type { Database } from "../database/client";

/** Every host group by name, with how many hosts and plans it has (admins only). */
export async function listHostGroups({ database, actor }: { database: Database; actor: Actor }) {
  requireAdmin(actor, "host groups");
  const groups = await database.hostGroup.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { hosts: true, plans: true } } } });
  return groups.map(({ _count, ...group }) => ({ ...group, hosts: _count.hosts, plans: _count.plans }));
}
