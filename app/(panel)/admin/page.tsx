import { redirect } from "next/navigation";
import { requirePageRole } from "@/lib/panel/require-page-role";

export default async function AdminIndexPage() {
  await requirePageRole("admin");
  redirect("/admin/hosts");
}
