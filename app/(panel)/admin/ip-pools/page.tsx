import { database } from "@/lib/database/client";
import { listIpPools } from "@/lib/network/ip-pools/list-ip-pools";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Cell, DataTable, EditRow, EditToggle, RowActions } from "@/app/_components/data-table";
import { Card, EmptyState, PageHeader, Pill } from "@/app/_components/ui";
import { UsageBar } from "@/app/_components/usage-bar";
import { AddRangeCard } from "./add-range-card";
import { handsOutPrefixes, perServer } from "./pool-options";
import { PoolSettingsForm } from "./pool-settings-form";

export const generateMetadata = consoleMetadata("IP pools", "admin");
export const dynamic = "force-dynamic";

type Pool = Awaited<ReturnType<typeof listIpPools>>[number];

/** How the pool reaches the internet: its mode, uplink, proxied neighbours and public address. */
function Routing({ pool }: { pool: Pool }) {
  return (
    <div className="whitespace-nowrap text-xs text-slate-500">
      <Pill tone={pool.mode === "routed" ? "emerald" : "slate"} testId="pool-mode">
        {pool.mode}
      </Pill>
      <p className="mt-1">
        uplink <span className="font-mono text-slate-700" data-testid="pool-uplink">{pool.uplink ?? "none"}</span>
      </p>
      <p>
        neighbour proxy <span className="text-slate-700" data-testid="pool-proxy-neighbour">{pool.proxyNeighbour ? "on" : "off"}</span>
      </p>
      <p>
        public <span className="font-mono text-slate-700" data-testid="pool-public-address">{pool.publicAddress ?? "none"}</span>
      </p>
    </div>
  );
}

export default async function AdminIpPoolsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { edit: editing } = await searchParams;
  const db = database();
  const [pools, hosts] = await Promise.all([
    listIpPools({ database: db, actor }),
    db.host.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { name: true } }),
  ]);
  const hostNames = hosts.map((host) => host.name);

  return (
    <>
      <PageHeader
        title="IP pools"
        description="Every server gets one IPv4 and one IPv6 address (or prefix) from its host's pools of its plan's mode, NAT or routed, and the pools' resolvers in /etc/resolv.conf at its first boot. Adding a range twice adds nothing new."
      />

      <Card title="Pools" className="mb-8">
        {pools.length === 0 ? (
          <EmptyState title="No address pools" description="Add an IPv4 and an IPv6 range below before taking orders." />
        ) : (
          <DataTable
            columns={[
              "Pool",
              "Addresses",
              "Routing",
              "Resolvers",
              { label: "Used", className: "px-5 py-3 text-right" },
              { label: "Free", className: "px-5 py-3 text-right" },
              { label: "Usage", className: "w-56 px-5 py-3" },
              { label: "Actions", srOnly: true },
            ]}
          >
            {pools.map((pool) => [
              <tr key={pool.id} data-testid="pool-row" data-pool={pool.name} className="align-top">
                <Cell className="whitespace-nowrap">
                  <p className="font-medium text-slate-900">{pool.name}</p>
                  <p className="text-xs text-slate-500">
                    IPv{pool.family} on <span data-testid="pool-host">{pool.host?.name ?? "no host"}</span>
                  </p>
                </Cell>
                <Cell className="whitespace-nowrap text-xs text-slate-500">
                  <p className="font-mono text-slate-700">{pool.network}</p>
                  <p data-testid="pool-prefix">{perServer(pool)}</p>
                  <p>
                    gateway <span className="font-mono text-slate-700" data-testid="pool-gateway">{pool.gateway}</span>
                  </p>
                </Cell>
                <Cell>
                  <Routing pool={pool} />
                </Cell>
                <Cell className="whitespace-nowrap font-mono text-xs text-slate-700" testId="pool-resolver-list">
                  {pool.resolvers ? pool.resolvers.split(",").join(", ") : <span className="font-sans text-slate-400">image default</span>}
                </Cell>
                <Cell className="text-right tabular-nums text-slate-700" testId="pool-used">{pool.used}</Cell>
                <Cell className="text-right tabular-nums text-slate-700" testId="pool-free">{pool.free}</Cell>
                <Cell className="min-w-56">
                  <UsageBar label={handsOutPrefixes(pool) ? "prefixes" : "addresses"} used={pool.used} max={pool.total} />
                </Cell>
                <RowActions>
                  <EditToggle page="/admin/ip-pools" id={pool.id} editing={editing} testId="pool-edit" />
                </RowActions>
              </tr>,
              editing === pool.id ? (
                <EditRow key={`${pool.id}-edit`} colSpan={8}>
                  <PoolSettingsForm pool={pool} hosts={hostNames} />
                </EditRow>
              ) : null,
            ])}
          </DataTable>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <AddRangeCard family="4" hosts={hostNames} />
        <AddRangeCard family="6" hosts={hostNames} />
      </div>
    </>
  );
}
