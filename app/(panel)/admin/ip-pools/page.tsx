import { database } from "@/lib/database/client";
import { listIpPools } from "@/lib/network/ip-pools/list-ip-pools";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable } from "@/app/_components/data-table";
import { Field } from "@/app/_components/fields";
import { Card, CardBody, EmptyState, PageHeader } from "@/app/_components/ui";
import { UsageBar } from "@/app/_components/usage-bar";
import { addAddressRangeAction, updateIpPoolAction } from "./actions";

export const generateMetadata = consoleMetadata("IP pools", "admin");
export const dynamic = "force-dynamic";

type FieldText = { label: string; placeholder: string; hint?: string };

/** What differs between the IPv4 and the IPv6 range form: only the wording. */
const rangeForms: Record<"4" | "6", { title: string; description: string; pool: string; network: FieldText; gateway: string; first: FieldText; last: FieldText }> = {
  "4": {
    title: "Add an IPv4 range",
    description: "A network in CIDR form, its gateway and the first and last address to hand out",
    pool: "e.g. public-ipv4",
    network: { label: "Network", placeholder: "e.g. 203.0.113.0/24" },
    gateway: "e.g. 203.0.113.1",
    first: { label: "First address", placeholder: "e.g. 203.0.113.10" },
    last: { label: "Last address", placeholder: "e.g. 203.0.113.250" },
  },
  "6": {
    title: "Add an IPv6 range",
    description: "A /64 prefix, its gateway and the first and last interface id (hex) to hand out",
    pool: "e.g. public-ipv6",
    network: { label: "Prefix", placeholder: "e.g. 2001:db8:1:2::/64" },
    gateway: "e.g. 2001:db8:1:2::1",
    first: { label: "First interface id", placeholder: "e.g. 10", hint: "prefix::10" },
    last: { label: "Last interface id", placeholder: "e.g. ff", hint: "prefix::ff" },
  },
};

function AddRangeCard({ family }: { family: "4" | "6" }) {
  const form = rangeForms[family];
  const id = (name: string) => `v${family}-${name}`;
  return (
    <Card title={form.title} description={form.description}>
      <CardBody>
        <ActionForm action={addAddressRangeAction} hidden={{ family }} submitLabel={`Add IPv${family} range`} pendingLabel="Adding…" testId={`pool-add-ipv${family}`}>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Pool name" name="pool" id={id("pool")} required placeholder={form.pool} hint="An existing pool gets the new addresses" />
            <Field label={form.network.label} name="network" id={id("network")} required placeholder={form.network.placeholder} />
            <Field label="Gateway" name="gateway" id={id("gateway")} required placeholder={form.gateway} />
            <div />
            <Field label={form.first.label} name="first" id={id("first")} required placeholder={form.first.placeholder} hint={form.first.hint} />
            <Field label={form.last.label} name="last" id={id("last")} required placeholder={form.last.placeholder} hint={form.last.hint} />
          </div>
        </ActionForm>
      </CardBody>
    </Card>
  );
}

export default async function AdminIpPoolsPage() {
  const { actor } = await requirePageRole("admin");
  const pools = await listIpPools({ database: database(), actor });

  return (
    <>
      <PageHeader title="IP pools" description="Every server gets one IPv4 and one IPv6 address from these pools, and the pools' resolvers in /etc/resolv.conf at its first boot. Adding a range twice adds nothing new." />

      <Card title="Pools" className="mb-8">
        {pools.length === 0 ? (
          <EmptyState title="No address pools" description="Add an IPv4 and an IPv6 range below before taking orders." />
        ) : (
          <DataTable
            columns={[
              "Pool",
              "Network",
              "Gateway",
              "Resolvers",
              { label: "Used", className: "px-5 py-3 text-right" },
              { label: "Free", className: "px-5 py-3 text-right" },
              { label: "Usage", className: "w-64 px-5 py-3" },
            ]}
          >
            {pools.map((pool) => (
              <tr key={pool.id} data-testid="pool-row" data-pool={pool.name}>
                <Cell>
                  <p className="font-medium text-slate-900">{pool.name}</p>
                  <p className="text-xs text-slate-500">IPv{pool.family}</p>
                </Cell>
                <Cell className="font-mono text-xs text-slate-700">{pool.network}</Cell>
                <Cell className="font-mono text-xs text-slate-700">{pool.gateway}</Cell>
                <Cell>
                  {/* Written into /etc/resolv.conf of new and reinstalled servers on this pool. */}
                  <ActionForm action={updateIpPoolAction} hidden={{ poolId: pool.id }} submitLabel="Save" variant="small" compact testId="pool-resolvers-save">
                    <input
                      name="resolvers"
                      defaultValue={pool.resolvers.split(",").filter(Boolean).join(", ")}
                      placeholder="image default"
                      aria-label={`Resolvers of ${pool.name}`}
                      data-testid="pool-resolvers"
                      className="w-44 rounded-md border-0 px-2 py-1 font-mono text-xs ring-1 ring-inset ring-slate-300"
                    />
                  </ActionForm>
                </Cell>
                <Cell className="text-right tabular-nums text-slate-700" testId="pool-used">{pool.used}</Cell>
                <Cell className="text-right tabular-nums text-slate-700" testId="pool-free">{pool.free}</Cell>
                <Cell>
                  <UsageBar label={`${pool.total} addresses`} used={pool.used} max={pool.total} />
                </Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <AddRangeCard family="4" />
        <AddRangeCard family="6" />
      </div>
    </>
  );
}
