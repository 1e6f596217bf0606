import { database } from "@/lib/database/client";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listServers } from "@/lib/servers/list-servers";
import { readPanelPage } from "@/lib/panel/read-panel-page";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { Pager } from "@/app/_components/pager";
import { Card, PageHeader } from "@/app/_components/ui";
import { ServerTable } from "../../_operator/server-table";

export const generateMetadata = consoleMetadata("All servers", "admin");
export const dynamic = "force-dynamic";

export default async function AdminServersPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { cursor } = await searchParams;
  const { servers, nextCursor } = await readPanelPage(cursor, (page) => listServers({ database: database(), actor, cursor: page }));
  const changing = servers.some((server) => server.busy || server.rawStatus === "pending" || server.rawStatus === "provisioning");

  return (
    <>
      {changing ? <AutoRefresh intervalMs={3000} /> : null}
      <PageHeader title="Servers" description="Every server that is not terminated, across all customers and resellers." />
      <Card title={cursor || nextCursor ? `${servers.length} server(s) on this page` : `${servers.length} server(s)`}>
        <ServerTable actor={actor} servers={servers} page="/admin/servers" rowTestId="admin-server-row" showReseller />
        <Pager path="/admin/servers" nextCursor={nextCursor} paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
