import type { Actor } from "../access/actor";
import { serverScope } from "../access/server-scope";
import type { Database } from "../database/client";

/** The servers an actor may limit a new API token to: those it sees and that are not terminated. */
export async function listTokenServerChoices({ database, actor }: { database: Database; actor: Actor }) {
  return database.server.findMany({
    where: { AND: [serverScope(actor), { status: { not: "terminated" } }] },
    orderBy: [{ hostname: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, hostname: true },
  });
}
