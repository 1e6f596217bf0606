import type { Actor } from "../../access/actor";
import { requireAdmin } from "../../access/require-admin";
import type { Database } from "../../database/client";

/** Every address pool with how many of its addresses are assigned and free (admins only). */
export async function listIpPools({ database, actor }: { database: Database; actor: Actor }) {
  requireAdmin(actor, "address pools");
  const [pools, used] = await Promise.all([
    database.ipPool.findMany({ orderBy: [{ family: "asc" }, { name: "asc" }], include: { _count: { select: { addresses: true } } } }),
    database.ipAddress.groupBy({ by: ["poolId"], where: { serverId: { not: null } }, _count: { _all: true } }),
  ]);
  const usedByPool = new Map(used.map((row) => [row.poolId, row._count._all]));
  return pools.map(({ _count, ...pool }) => {
    const inUse = usedByPool.get(pool.id) ?? 0;
    return { ...pool, total: _count.addresses, used: inUse, free: _count.addresses - inUse };
  });
}
