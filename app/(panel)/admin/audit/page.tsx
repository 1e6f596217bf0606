import { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, PageHeader } from "@/app/_components/ui";
import { AuditTable } from "../../_operator/audit-table";

export const generateMetadata = consoleMetadata("Audit log", "admin");
export const dynamic = "force-dynamic";

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { user, actor } = await requirePageRole("admin");
  const { cursor } = await searchParams;
  let trail;
  try {
    trail = await listAuditTrail({ database: database(), actor, cursor: cursor || undefined });
  } catch (error) {
    // A stale or mistyped cursor starts over from the newest events.
    if (!(error instanceof AppError)) throw error;
    trail = await listAuditTrail({ database: database(), actor });
  }
  return (
    <>
      <PageHeader title="Audit log" description="Everything that changed, who changed it and through which door, newest first." />
      <Card>
        <AuditTable trail={trail} viewerId={user.id} basePath="/admin/audit" paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
