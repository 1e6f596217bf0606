import type { Actor } from "../access/actor";
import { customerScope } from "../access/customer-scope";
import { requireRole } from "../access/require-role";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { readPage, type TPageInput } from "../pagination/read-page";
import { customerFields } from "./customer-fields";

/**
 * One page of the customers the actor manages, newest first, each with how many servers it has
 * that are not terminated: a reseller sees its own, an admin all (or one reseller's, with
 * resellerId); nextCursor is null on the last page. An API token limited to servers may not (403).
 */
export async function listCustomers({ database, actor, resellerId, email, limit, cursor }: { database: Database; actor: Actor; resellerId?: string; email?: string } & TPageInput) {
  requireRole(actor, "admin", "reseller");
  // Customers are not among the servers such a token is limited to.
  if (actor.serverIds) throw new AppError("token_server_limited", 403, "This API token is limited to named servers and may not list customers");
  const scope = {
    ...customerScope(actor),
    ...(actor.role === "admin" && resellerId ? { resellerId } : {}),
    ...(email !== undefined ? { email } : {}),
  };
  const { rows, nextCursor } = await readPage({
    input: { limit, cursor },
    read: (query) =>
      database.user.findMany({
        where: { AND: [scope, query.where] },
        orderBy: query.orderBy,
        take: query.take,
        select: { ...customerFields, _count: { select: { servers: { where: { status: { not: "terminated" } } } } } },
      }),
  });
  return { customers: rows.map(({ _count, ...customer }) => ({ ...customer, servers: _count.servers })), nextCursor };
}
