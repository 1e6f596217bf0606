import type { Database } from "../lib/database/client";
import type { UserRole } from "../lib/domain/statuses";
import { AppError } from "../lib/errors";

/** The user an operator named by email on the command line. */
export async function findUserByEmail(database: Database, email: string) {
  const user = await database.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", 404, `No user with email ${email} (see "berth user list")`);
  return { ...user, role: user.role as UserRole };
}
