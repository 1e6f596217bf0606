import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, PageHeader } from "@/app/_components/ui";
import { AuditTable } from "../_operator/audit-table";
import { auditTrailPage } from "../_operator/audit-trail-page";

export const generateMetadata = consoleMetadata("Audit log", "reseller", "customer");
export const dynamic = "force-dynamic";

/** A reseller's or customer's own trail: what it did, and what was done to its (and its customers') things. */
export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { user, actor } = await requirePageRole("reseller", "customer");
  const { cursor } = await searchParams;
  const trail = await auditTrailPage(actor, cursor);
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
