import Link from "next/link";
import { listHostCapacity } from "@/lib/hosts/list-host-capacity";
import { panelServices } from "@/lib/http/panel-services";
import { secondaryLink } from "@/app/_components/fields";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, EmptyState, PageHeader, Pill } from "@/app/_components/ui";
import { HostCapacityBars } from "./host-capacity-bars";
import { HostGroupsCard } from "./host-groups-card";
import { AddHostForm } from "./add-host-form";

export const generateMetadata = consoleMetadata("Hosts", "admin");
export const dynamic = "force-dynamic";

export default async function AdminHostsPage() {
  const { actor } = await requirePageRole("admin");
  const { database, settings } = panelServices();
  const hosts = await listHostCapacity({ database, actor, encryptionKey: settings.encryptionKey });

  return (
    <>
      <PageHeader title="Hosts" description="Each host's capacity against what the plans of the servers placed on it take, and whether its agent answers." />
      <Card title="Add host" description="A new host joins with a one-time command run on it; its agent then answers over TLS with the certificate it sent." className="mb-6">
        <AddHostForm />
      </Card>
      {hosts.length === 0 ? (
        <Card>
          <EmptyState title="No hosts" description="Add a host above or with berth hosts add; servers are placed on active hosts with room for their plan." />
        </Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          {hosts.map((host) => (
            <Card
              key={host.id}
              title={
                <span className="flex items-center gap-2">
                  {host.name}
                  {host.hostGroup ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700" data-testid="host-group">{host.hostGroup.name}</span> : null}
                  {host.active ? null : <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">waiting to join</span>}
                  {host.draining ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800" data-testid="host-draining">draining</span> : null}
                  {host.maintenanceNotice ? (
                    <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800" data-testid="host-maintenance" title={host.maintenanceNotice}>
                      maintenance
                    </span>
                  ) : null}
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
                <HostCapacityBars used={host.used} capacity={host.capacity} effectiveCapacity={host.effectiveCapacity} overcommit={host.overcommit} />
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
      <HostGroupsCard actor={actor} />
    </>
  );
}
