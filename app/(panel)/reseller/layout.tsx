import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/panel/require-page-role";

/** The reseller console exists only for resellers; everyone else gets the ordinary 404 page. */
export default async function ResellerLayout({ children }: { children: ReactNode }) {
  await requirePageRole("reseller");
  return children;
}
