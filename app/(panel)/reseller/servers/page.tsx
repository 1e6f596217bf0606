import { database } from "@/lib/database/client";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { listServers } from "@/lib/servers/list-servers";
import { readPanelPage } from "@/lib/panel/read-panel-page";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { Pager } from "@/app/_components/pager";
import { Card, PageHeader } from "@/app/_components/ui";
import { ServerTable } from "../../_operator/server-table";

export const generateMetadata = consoleMetadata("Customers' servers", "reseller");
export const dynamic = "force-dynamic";

export default async function ResellerServersPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { actor } = await requirePageRole("reseller");
  const { cursor } = await searchParams;
  const { servers, nextCursor } = await readPanelPage(cursor, (page) => listServers({ database: database(), actor, cursor: page }));
  const changing = servers.some((server) => server.busy || server.rawStatus === "pending" || server.rawStatus === "provisioning");

  return (
    <>
      {changing ? <AutoRefresh intervalMs={3000} /> : null}
      <PageHeader title="Servers" description="Your customers' servers. A suspended server stops and its owner cannot use it until you unsuspend it." />
      <Card title={cursor || nextCursor ? `${servers.length} server(s) on this page` : `${servers.length} server(s)`}>
        <ServerTable actor={actor} servers={servers} page="/reseller/servers" rowTestId="reseller-server-row" showReseller={false} />
        <Pager path="/reseller/servers" nextCursor={nextCursor} paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
