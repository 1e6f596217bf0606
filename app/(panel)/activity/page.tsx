import { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, PageHeader } from "@/app/_components/ui";
import { AuditTable } from "../_operator/audit-table";

export const generateMetadata = consoleMetadata("Audit log", "reseller", "customer");
export const dynamic = "force-dynamic";

/** A reseller's or customer's own trail: what it did, and what was done to its (and its customers') things. */
export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { user, actor } = await requirePageRole("reseller", "customer");
  const { cursor } = await searchParams;
  let trail;
  try {
    trail = await listAuditTrail({ database: database(), actor, cursor: cursor || undefined });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    trail = await listAuditTrail({ database: database(), actor });
  }
  return (
    <>
      <PageHeader
        title="Audit log"
        description={actor.role === "reseller" ? "What you and your customers did, and what was done to your and their servers." : "What was done on your account and to your servers."}
      />
      <Card>
        <AuditTable trail={trail} viewerId={user.id} basePath="/activity" paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
