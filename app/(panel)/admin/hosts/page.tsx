import Link from "next/link";
import { listHostCapacity } from "@/lib/hosts/list-host-capacity";
import { panelServices } from "@/lib/http/panel-services";
import { secondaryLink } from "@/app/_components/fields";
import { formatMegabytes, formatVcpus } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, EmptyState, PageHeader, Pill } from "@/app/_components/ui";
import { UsageBar } from "@/app/_components/usage-bar";

export const generateMetadata = consoleMetadata("Hosts", "admin");
export const dynamic = "force-dynamic";

export default async function AdminHostsPage() {
  const { actor } = await requirePageRole("admin");
  const { database, settings } = panelServices();
  const hosts = await listHostCapacity({ database, actor, encryptionKey: settings.encryptionKey });

  return (
    <>
      <PageHeader title="Hosts" description="Each host's capacity against what the plans of the servers placed on it take, and whether its agent answers." />
      {hosts.length === 0 ? (
        <Card>
          <EmptyState title="No hosts" description="Add a host with the berth CLI; servers are placed on active hosts with room for their plan." />
        </Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          {hosts.map((host) => (
            <Card
              key={host.id}
              title={
                <span className="flex items-center gap-2">
                  {host.name}
                  {host.active ? null : <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">inactive</span>}
                </span>
              }
              description={<span className="font-mono">{host.agentUrl}</span>}
              actions={
                <span className="flex items-center gap-2">
                  <Link href={`/admin/hosts/${host.id}`} data-testid="host-usage-link" className={secondaryLink}>
                    Usage
                  </Link>
                  {host.health.reachable ? (
                    <Pill tone="emerald" testId="host-health">healthy</Pill>
                  ) : (
                    <Pill tone="rose" testId="host-health">unreachable</Pill>
                  )}
                </span>
              }
            >
              <div data-testid="host-row" data-host={host.name} className="space-y-4 px-5 py-5">
                <UsageBar label="vCPU" used={host.used.vcpus} max={host.capacity.vcpus} format={formatVcpus} />
                <UsageBar label="Memory" used={host.used.memoryMb} max={host.capacity.memoryMb} format={formatMegabytes} />
                <UsageBar label="Disk" used={host.used.diskMb} max={host.capacity.diskMb} format={formatMegabytes} />
                <dl className="grid grid-cols-2 gap-3 border-t border-slate-100 pt-4 text-sm sm:grid-cols-3">
                  <div>
                    <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Servers</dt>
                    <dd className="mt-0.5 font-semibold text-slate-900" data-testid="host-servers">
                      {host.servers}
                    </dd>
                  </div>
                  {host.health.reachable ? (
                    <>
                      <div>
                        <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Bridge</dt>
                        <dd className="mt-0.5 font-mono text-slate-700">{host.health.report.bridge}</dd>
                      </div>
                      <div>
                        <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">cgroup</dt>
                        <dd className="mt-0.5 text-slate-700">v{host.health.report.cgroupVersion}</dd>
                      </div>
                      <div>
                        <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Root file systems</dt>
                        <dd className="mt-0.5 text-slate-700" data-testid="host-rootfs-ownership">
                          {host.health.report.rootfsOwnership === "idmapped" ? "idmapped mounts" : "ownership walk (no idmapped mounts on this host)"}
                        </dd>
                      </div>
                    </>
                  ) : (
                    <div className="col-span-2">
                      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Agent error</dt>
                      <dd className="mt-0.5 text-rose-700" data-testid="host-health-error">
                        {host.health.error}
                      </dd>
                    </div>
                  )}
                </dl>
              </div>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
