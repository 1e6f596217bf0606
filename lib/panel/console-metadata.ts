import type { Metadata } from "next";
import { currentUser } from "../auth/session";
import type { UserRole } from "../domain/statuses";

/**
 * A console page's generateMetadata: its title only for the roles it is for. Everyone else gets
 * the 404 page, whose tab title must not name the page they were refused.
 */
export function consoleMetadata(title: string, ...roles: UserRole[]) {
  return async function generateMetadata(): Promise<Metadata> {
    const user = await currentUser();
    return user && (roles as string[]).includes(user.role) ? { title } : {};
  };
}
