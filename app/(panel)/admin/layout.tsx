import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/panel/require-page-role";

/** The admin console exists only for admins; everyone else gets the ordinary 404 page. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageRole("admin");
  return children;
}
