import Link from "next/link";
import { database } from "@/lib/database/client";
import { findHost } from "@/lib/hosts/find-host";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { orNotFound } from "@/lib/panel/or-not-found";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { readHostMetrics } from "@/lib/usage/read-metrics";
import { formatVcpus } from "@/app/_components/format";
import { Card, PageHeader, Pill } from "@/app/_components/ui";
import { chosenUsagePeriod, UsageGraphs, UsagePeriodLinks } from "@/app/_components/usage-graphs";
import { HostPlacementCard } from "./host-placement-card";
import { HostStateCard } from "./host-state-card";

export const generateMetadata = consoleMetadata("Host", "admin");
export const dynamic = "force-dynamic";

export default async function AdminHostPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ usage?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { id } = await params;
  const period = chosenUsagePeriod((await searchParams).usage);
  const db = database();
  const [host, metrics] = await orNotFound(Promise.all([findHost({ database: db, actor, hostId: id }), readHostMetrics({ database: db, actor, hostId: id, period })]));

  return (
    <>
      <nav className="mb-4 text-sm text-slate-500">
        <Link href="/admin/hosts" className="hover:text-slate-700">
          Hosts
        </Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">{host.name}</span>
      </nav>
      <PageHeader
        title={host.name}
        description={<span className="font-mono">{host.agentUrl}</span>}
        actions={host.active ? null : <Pill tone="slate">inactive</Pill>}
      />
      <HostStateCard actor={actor} hostId={host.id} />
      <HostPlacementCard actor={actor} hostId={host.id} />
      <Card
        title="Usage"
        description={`Its servers' usage added up; CPU in percent of one CPU (this host has ${formatVcpus(host.vcpuCapacity)}); times in UTC`}
        actions={<UsagePeriodLinks path={`/admin/hosts/${host.id}`} current={period} />}
      >
        <div className="px-5 py-5">
          <UsageGraphs metrics={metrics} empty="Usage appears within a minute of a server running on this host." />
        </div>
      </Card>
    </>
  );
}
