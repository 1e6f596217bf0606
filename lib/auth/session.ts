import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";

export interface SessionUser {
  id: string;
  role: string;
  name: string;
  email: string;
}

/** The signed-in user, or null. For route handlers that answer 401 themselves. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, role: user.role, name: user.name, email: user.email };
}

/** The signed-in user; sends signed-out visitors to /signin. For server components and actions. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}
