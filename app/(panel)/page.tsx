import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { listOwnOpenOrders } from "@/lib/orders/order-views";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { listOwnServers } from "@/lib/servers/server-views";
import { formatDateTime } from "@/app/_components/format";
import { brandingFor } from "@/lib/resellers/branding-for";
import { AutoRefresh } from "../_components/auto-refresh";
import { Cell, DataTable } from "../_components/data-table";
import { ButtonLink, Card, EmptyState, PageHeader, PlusIcon, StatusBadge } from "../_components/ui";

/** The layout's brand title template does not reach a page in its own segment, so the dashboard names the brand itself. */
export async function generateMetadata(): Promise<Metadata> {
  const user = await currentUser();
  const brandName = user ? (await brandingFor(database(), user.id))?.name : null;
  return { title: brandName ? { absolute: `Dashboard · ${brandName}` } : "Dashboard" };
}
export const dynamic = "force-dynamic";

function Addresses({ addresses }: { addresses: string[] }) {
  if (addresses.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <div className="flex flex-col">
      {addresses.map((address) => (
        <span key={address} className="font-mono text-xs text-slate-700">
          {address}
        </span>
      ))}
    </div>
  );
}

export default async function DashboardPage() {
  const { user, actor } = await requireSessionActor();
  const db = database();
  const [servers, orders] = await Promise.all([listOwnServers(db, actor), listOwnOpenOrders(db, actor)]);
  const running = servers.filter((server) => server.status === "running").length;
  const inFlight = orders.filter((order) => order.status === "pending" || order.status === "provisioning").length;
  const failed = orders.filter((order) => order.status === "failed").length;
  const firstName = (user.name || user.email).split(/\s+/)[0];

  return (
    <>
      {inFlight > 0 ? <AutoRefresh intervalMs={3000} /> : null}
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${firstName}. Here is everything running on your account.`}
        actions={
          <ButtonLink href="/order">
            <PlusIcon /> Order a server
          </ButtonLink>
        }
      />

      <div className="mb-8 grid gap-4 sm:grid-cols-3">
        {[
          { label: "Servers", value: servers.length, hint: "on your account" },
          { label: "Running", value: running, hint: "online right now" },
          { label: "Orders in progress", value: inFlight, hint: failed ? `${failed} failed` : "being provisioned" },
        ].map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
            <p className="text-sm font-medium text-slate-500">{stat.label}</p>
            <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900">{stat.value}</p>
            <p className="mt-0.5 text-xs text-slate-400">{stat.hint}</p>
          </div>
        ))}
      </div>

      {orders.length > 0 ? (
        <Card title="Orders" description="Orders being provisioned and orders that need your attention" className="mb-8">
          <ul className="divide-y divide-slate-100" data-testid="order-list">
            {orders.map((order) => (
              <li key={order.id} className="flex flex-col gap-2 px-5 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="order-row">
                <div className="min-w-0">
                  <div className="flex items-center gap-3">
                    <Link href={`/orders/${order.id}`} className="font-medium text-slate-900 hover:text-indigo-600" data-testid="order-hostname">
                      {order.hostname}
                    </Link>
                    <StatusBadge status={order.status} />
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    {order.plan.name} · {order.template.name} · ordered {formatDateTime(order.createdAt)}
                  </p>
                  {order.status === "failed" ? (
                    <p className="mt-2 rounded-md bg-rose-50 px-2.5 py-1.5 text-xs text-rose-700" data-testid="order-failure-reason">
                      {order.failureReason ?? "Provisioning failed."}
                    </p>
                  ) : null}
                </div>
                <Link href={`/orders/${order.id}`} className="shrink-0 text-sm font-medium text-indigo-600 hover:text-indigo-500">
                  {order.status === "failed" ? "Details" : "Track progress"} →
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Servers" description="Your virtual servers">
        {servers.length === 0 ? (
          <EmptyState
            title="No servers yet"
            description="Order your first server: pick a plan and a template, and it will be running in about a minute."
            action={
              <ButtonLink href="/order">
                <PlusIcon /> Order a server
              </ButtonLink>
            }
          />
        ) : (
          <DataTable testId="server-table" columns={["Hostname", "Status", "Plan", "IPv4", "IPv6", "Created", { label: "Open", srOnly: true }]}>
            {servers.map((server) => (
              <tr key={server.id} className="hover:bg-slate-50/80" data-testid="server-row">
                <Cell>
                  <Link href={`/servers/${server.id}`} className="font-medium text-slate-900 hover:text-indigo-600" data-testid="server-row-hostname">
                    {server.hostname}
                  </Link>
                  <p className="text-xs text-slate-500">{server.templateName}</p>
                </Cell>
                <Cell>
                  <StatusBadge status={server.status} testId="server-row-status" />
                </Cell>
                <Cell className="text-slate-700">{server.planName}</Cell>
                <Cell>
                  <Addresses addresses={server.ipv4} />
                </Cell>
                <Cell>
                  <Addresses addresses={server.ipv6} />
                </Cell>
                <Cell className="whitespace-nowrap text-slate-500">{formatDateTime(server.createdAt)}</Cell>
                <Cell className="text-right">
                  <Link href={`/servers/${server.id}`} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                    Manage →
                  </Link>
                </Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
