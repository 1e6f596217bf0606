import { isIP } from "node:net";
import { z } from "zod";
import { auditActor, type Actor } from "../../access/actor";
import { requireAdmin } from "../../access/require-admin";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Database } from "../../database/client";
import { AppError, parseInput } from "../../errors";

export const ZPoolResolversInput = z.object({
  poolId: z.string().trim().min(1, "name the pool"),
  // Comma- or space-separated; resolv.conf honours three.
  resolvers: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z
        .array(z.string().refine((address) => isIP(address) !== 0, { message: "each resolver must be an IPv4 or IPv6 address" }))
        .max(3, "at most 3 resolvers"),
    ),
});

/**
 * Sets the name servers a pool's servers get in /etc/resolv.conf at their first boot and
 * reinstall (admins only); empty leaves the image's own. Running servers keep theirs.
 */
export async function setPoolResolvers({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireAdmin(actor, "address pools");
  const { poolId, resolvers } = parseInput(ZPoolResolversInput, input);
  return database.$transaction(async (transaction) => {
    const pool = await transaction.ipPool.findUnique({ where: { id: poolId } });
    if (!pool) throw new AppError("not_found", 404, `pool ${poolId} not found`);
    const updated = await transaction.ipPool.update({ where: { id: poolId }, data: { resolvers: resolvers.join(",") } });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "ip_pool.resolvers",
      targetType: "ip_pool",
      targetId: pool.id,
      result: "success",
      details: { pool: pool.name, previous: pool.resolvers, resolvers },
    });
    return updated;
  });
}
