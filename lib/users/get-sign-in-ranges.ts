import type { Database } from "../database/client";
import { storedList } from "../network/address-ranges";

/** The ranges an account may sign in from; an empty list when it may sign in from anywhere. */
export async function getSignInRanges({ database, userId }: { database: Database; userId: string }): Promise<string[]> {
  const user = await database.user.findUnique({ where: { id: userId }, select: { signInRanges: true } });
  return storedList(user?.signInRanges) ?? [];
}
