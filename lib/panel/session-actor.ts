import { headers } from "next/headers";
import type { Actor } from "../access/actor";
import { requireUser, type SessionUser } from "../auth/session";
import type { UserRole } from "../domain/statuses";
import { clientAddress } from "../http/client-address";

/** The signed-in user as the Actor domain functions take; signed-out visitors go to /signin. */
export async function requireSessionActor(): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await requireUser();
  return { user, actor: { userId: user.id, role: user.role as UserRole, via: "session", ipAddress: clientAddress(await headers()) } };
}
