import { database } from "@/lib/database/client";
import { listIpPools } from "@/lib/network/ip-pools/list-ip-pools";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Field } from "@/app/_components/fields";
import { Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { UsageBar } from "@/app/_components/usage-bar";
import { addAddressRangeAction } from "./actions";

export const generateMetadata = consoleMetadata("IP pools", "admin");
export const dynamic = "force-dynamic";

export default async function AdminIpPoolsPage() {
  const { actor } = await requirePageRole("admin");
  const pools = await listIpPools({ database: database(), actor });

  return (
    <>
      <PageHeader title="IP pools" description="Every server gets one IPv4 and one IPv6 address from these pools. Adding a range twice adds nothing new." />

      <Card title="Pools" className="mb-8">
        {pools.length === 0 ? (
          <EmptyState title="No address pools" description="Add an IPv4 and an IPv6 range below before taking orders." />
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-3">Pool</th>
                  <th className="px-5 py-3">Network</th>
                  <th className="px-5 py-3">Gateway</th>
                  <th className="px-5 py-3 text-right">Used</th>
                  <th className="px-5 py-3 text-right">Free</th>
                  <th className="w-64 px-5 py-3">Usage</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {pools.map((pool) => (
                  <tr key={pool.id} data-testid="pool-row" data-pool={pool.name}>
                    <td className="px-5 py-3.5">
                      <p className="font-medium text-slate-900">{pool.name}</p>
                      <p className="text-xs text-slate-500">IPv{pool.family}</p>
                    </td>
                    <td className="px-5 py-3.5 font-mono text-xs text-slate-700">{pool.network}</td>
                    <td className="px-5 py-3.5 font-mono text-xs text-slate-700">{pool.gateway}</td>
                    <td className="px-5 py-3.5 text-right tabular-nums text-slate-700" data-testid="pool-used">{pool.used}</td>
                    <td className="px-5 py-3.5 text-right tabular-nums text-slate-700" data-testid="pool-free">{pool.free}</td>
                    <td className="px-5 py-3.5">
                      <UsageBar label={`${pool.total} addresses`} used={pool.used} max={pool.total} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Add an IPv4 range" description="A network in CIDR form, its gateway and the first and last address to hand out">
          <div className="px-5 py-5">
            <ActionForm action={addAddressRangeAction} hidden={{ family: "4" }} submitLabel="Add IPv4 range" pendingLabel="Adding…" testId="pool-add-ipv4">
              <div className="grid gap-4 sm:grid-cols-2">
                <Field label="Pool name" name="pool" id="v4-pool" required placeholder="e.g. public-ipv4" hint="An existing pool gets the new addresses" />
                <Field label="Network" name="network" id="v4-network" required placeholder="e.g. 203.0.113.0/24" />
                <Field label="Gateway" name="gateway" id="v4-gateway" required placeholder="e.g. 203.0.113.1" />
                <div />
                <Field label="First address" name="first" id="v4-first" required placeholder="e.g. 203.0.113.10" />
                <Field label="Last address" name="last" id="v4-last" required placeholder="e.g. 203.0.113.250" />
              </div>
            </ActionForm>
          </div>
        </Card>
        <Card title="Add an IPv6 range" description="A /64 prefix, its gateway and the first and last interface id (hex) to hand out">
          <div className="px-5 py-5">
            <ActionForm action={addAddressRangeAction} hidden={{ family: "6" }} submitLabel="Add IPv6 range" pendingLabel="Adding…" testId="pool-add-ipv6">
              <div className="grid gap-4 sm:grid-cols-2">
                <Field label="Pool name" name="pool" id="v6-pool" required placeholder="e.g. public-ipv6" hint="An existing pool gets the new addresses" />
                <Field label="Prefix" name="network" id="v6-network" required placeholder="e.g. 2001:db8:1:2::/64" />
                <Field label="Gateway" name="gateway" id="v6-gateway" required placeholder="e.g. 2001:db8:1:2::1" />
                <div />
                <Field label="First interface id" name="first" id="v6-first" required placeholder="e.g. 10" hint="prefix::10" />
                <Field label="Last interface id" name="last" id="v6-last" required placeholder="e.g. ff" hint="prefix::ff" />
              </div>
            </ActionForm>
          </div>
        </Card>
      </div>
    </>
  );
}
