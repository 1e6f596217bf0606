import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { database } from "../database/client";
import { authOptions } from "./options";

export interface SessionUser {
  id: string;
  role: string;
  name: string;
  email: string;
}

/**
 * The signed-in user, or null. The JWT only names the user: the row is read again so a token
 * for a deleted or suspended user (or a reset database) counts as signed out, and the role is always current.
 * Memoised per request, so the layout and the page share one lookup.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  // A suspended user's existing session ends too, not only their next sign-in.
  return database().user.findFirst({ where: { id, suspendedAt: null }, select: { id: true, role: true, name: true, email: true } });
});

/** The signed-in user; sends signed-out visitors to /signin. For server components and actions. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}
