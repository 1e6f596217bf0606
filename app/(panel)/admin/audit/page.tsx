import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, PageHeader } from "@/app/_components/ui";
import { AuditTable } from "../../_operator/audit-table";
import { auditTrailPage } from "../../_operator/audit-trail-page";

export const generateMetadata = consoleMetadata("Audit log", "admin");
export const dynamic = "force-dynamic";

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { user, actor } = await requirePageRole("admin");
  const { cursor } = await searchParams;
  const trail = await auditTrailPage(actor, cursor);
  return (
    <>
      <PageHeader title="Audit log" description="Everything that changed, who changed it and through which door, newest first." />
      <Card>
        <AuditTable trail={trail} viewerId={user.id} basePath="/admin/audit" paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
