import type { Actor } from "../lib/access/actor";
import type { Database } from "../lib/database/client";
import { AppError } from "../lib/errors";
import { findUserByEmail } from "./find-user";

/** Who a command acts as: the user --as names, else the first admin (operators run the CLI as root on a host). */
export async function cliActor(database: Database, email: string | undefined): Promise<Actor> {
  const user = email
    ? await findUserByEmail(database, email)
    : await database.user.findFirst({ where: { role: "admin", deletedAt: null }, orderBy: { createdAt: "asc" } });
  if (!user) throw new AppError("not_found", 404, 'No admin exists yet; create one with "berth user create --role admin" or name a user with --as');
  return { userId: user.id, role: user.role as Actor["role"], via: "cli", ipAddress: null };
}
