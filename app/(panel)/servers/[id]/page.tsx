import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { findCustomerServer } from "@/lib/panel/customer-views";
import { formatDateTime, formatMegabytes, formatPrice, formatVcpus } from "@/lib/panel/format";
import { AutoRefresh } from "../../../_components/auto-refresh";
import { Card, Detail, PageHeader, ServerIcon, StatusBadge } from "../../../_components/ui";

export const metadata: Metadata = { title: "Server" };
export const dynamic = "force-dynamic";

const transitional = new Set(["pending", "provisioning"]);

function AddressList({ addresses, testId, empty }: { addresses: string[]; testId: string; empty: string }) {
  if (addresses.length === 0) return <p className="text-sm text-slate-400">{empty}</p>;
  return (
    <ul className="space-y-1.5">
      {addresses.map((address) => (
        <li key={address}>
          <code data-testid={testId} className="rounded-md bg-slate-100 px-2 py-1 font-mono text-sm text-slate-800">
            {address}
          </code>
        </li>
      ))}
    </ul>
  );
}

export default async function ServerPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const server = await findCustomerServer(database(), user.id, id);
  if (!server) notFound();
  const { plan } = server;

  return (
    <>
      {transitional.has(server.status) ? <AutoRefresh /> : null}
      <nav className="mb-4 text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-700">
          Dashboard
        </Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">Servers</span>
      </nav>
      <PageHeader
        title={server.hostname}
        description={
          <span className="flex items-center gap-2">
            <ServerIcon className="size-4" /> {server.template.name} · {plan.name}
          </span>
        }
        actions={<StatusBadge status={server.status} testId="server-status" />}
      />

      {server.statusMessage ? (
        <div
          role="status"
          className={`mb-6 rounded-lg px-4 py-3 text-sm ring-1 ring-inset ${
            server.status === "failed" ? "bg-rose-50 text-rose-700 ring-rose-600/20" : "bg-amber-50 text-amber-800 ring-amber-600/20"
          }`}
          data-testid="server-status-message"
        >
          {server.statusMessage}
        </div>
      ) : null}

      <div className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {[
          { label: "CPU", value: formatVcpus(plan.vcpus) },
          { label: "Memory", value: formatMegabytes(plan.memoryMb), hint: `+ ${formatMegabytes(plan.swapMb)} swap` },
          { label: "Disk", value: formatMegabytes(plan.diskMb) },
          { label: "Processes", value: String(plan.processes), hint: "maximum" },
        ].map((stat) => (
          <div key={stat.label} className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
            <p className="text-sm font-medium text-slate-500">{stat.label}</p>
            <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{stat.value}</p>
            {stat.hint ? <p className="mt-0.5 text-xs text-slate-400">{stat.hint}</p> : null}
          </div>
        ))}
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="Network" description="Public addresses assigned to this server">
          <div className="grid gap-6 px-5 py-5 sm:grid-cols-2">
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">IPv4</h3>
              <AddressList addresses={server.ipv4} testId="server-ipv4" empty="Not assigned yet" />
            </div>
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">IPv6</h3>
              <AddressList addresses={server.ipv6} testId="server-ipv6" empty="Not assigned yet" />
            </div>
          </div>
        </Card>

        <Card title="Details">
          <dl className="divide-y divide-slate-100">
            <Detail label="Hostname">
              <span className="font-mono" data-testid="server-hostname">
                {server.hostname}
              </span>
            </Detail>
            <Detail label="Status">
              <StatusBadge status={server.status} />
            </Detail>
            <Detail label="Template">{server.template.name}</Detail>
            <Detail label="Plan">
              {plan.name} · {formatPrice(plan.monthlyPriceCents)}/month
            </Detail>
            <Detail label="Resources">
              {formatVcpus(plan.vcpus)}, {formatMegabytes(plan.memoryMb)} memory, {formatMegabytes(plan.swapMb)} swap, {formatMegabytes(plan.diskMb)} disk,{" "}
              {plan.processes} processes
            </Detail>
            <Detail label="Created">{formatDateTime(server.createdAt)}</Detail>
            {server.orderId ? (
              <Detail label="Order">
                <Link href={`/orders/${server.orderId}`} className="text-indigo-600 hover:text-indigo-500">
                  View order
                </Link>
              </Detail>
            ) : null}
          </dl>
        </Card>
      </div>
    </>
  );
}
