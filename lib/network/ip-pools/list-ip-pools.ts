import type { Actor } from "../../access/actor";
import { requireAdmin } from "../../access/require-admin";
import type { Database } from "../../database/client";

/** Every address pool (or just the one named) with how many of its addresses are assigned and free (admins only). */
export async function listIpPools({ database, actor, poolId }: { database: Database; actor: Actor; poolId?: string }) {
  requireAdmin(actor, "address pools");
  const [pools, used] = await Promise.all([
    database.ipPool.findMany({ where: poolId ? { id: poolId } : {}, orderBy: [{ family: "asc" }, { name: "asc" }], include: { host: { select: { name: true } }, _count: { select: { addresses: true } } } }),
    database.ipAddress.groupBy({ by: ["poolId"], where: { serverId: { not: null }, ...(poolId ? { poolId } : {}) }, _count: { _all: true } }),
  ]);
  const usedByPool = new Map(used.map((row) => [row.poolId, row._count._all]));
  return pools.map(({ _count, ...pool }) => {
    const inUse = usedByPool.get(pool.id) ?? 0;
    return { ...pool, total: _count.addresses, used: inUse, free: _count.addresses - inUse };
  });
}
