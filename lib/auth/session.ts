import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { database } from "../database/client";
import { authOptions } from "./options";
import { resolveSessionUser, type SessionUser } from "./resolve-session-user";

export type { SessionUser };

/**
 * The signed-in user, or null. The JWT only names the user and its session version: the row is
 * read again (resolveSessionUser) so a token for a deleted or suspended user, one issued before a
 * password or two-factor change (or a reset database) counts as signed out, and the role is
 * always current. Memoised per request, so the layout and the page share one lookup.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  if (!session) return null;
  return resolveSessionUser({ database: database(), userId: session.user?.id, sessionVersion: session.sessionVersion });
});

/** The signed-in user; sends signed-out visitors to /signin. For server components and actions. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}
