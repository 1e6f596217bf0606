import type { Metadata } from "next";
import Link from "next/link";
import { serverActionControls } from "@/lib/action-catalogue/available-actions";
import { serverActionCatalogue } from "@/lib/action-catalogue/catalogue";
import { database } from "@/lib/database/client";
import { readServerFirewall, type TFirewallResource } from "@/lib/firewall/server-firewall";
import { orNotFound } from "@/lib/panel/or-not-found";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { listOrderablePlans } from "@/lib/plans/list-orderable-plans";
import { listSshKeys } from "@/lib/account/list-ssh-keys";
import { readPortForwards } from "@/lib/port-forwards/port-forwards";
import { findServerView } from "@/lib/servers/server-views";
import { readServerMetrics } from "@/lib/usage/read-metrics";
import { readMonthlyUsage } from "@/lib/usage/read-monthly-usage";
import { secondaryLink } from "@/app/_components/fields";
import { formatDateTime, formatMegabytes, formatPrice, formatVcpus } from "@/app/_components/format";
import { chosenUsagePeriod, UsageGraphs, UsagePeriodLinks } from "@/app/_components/usage-graphs";
import { AutoRefresh } from "../../../_components/auto-refresh";
import { ConsolePanel } from "./console-panel";
import { PortForwardsCard } from "./port-forwards-card";
import { TransferSummary } from "./transfer-summary";
import { Card, Detail, PageHeader, ServerIcon, StatusBadge } from "../../../_components/ui";
import { ActivityPanel, ManageControls, PowerControls, ProviderControls, RefusalAlert, ServerActionsProvider, type PlanOption } from "./action-controls";

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

const planSummary = (plan: { vcpus: number; memoryMb: number; diskMb: number }) =>
  `${formatVcpus(plan.vcpus)} · ${formatMegabytes(plan.memoryMb)} memory · ${formatMegabytes(plan.diskMb)} disk`;

function powerHint(status: string, busy: boolean): string {
  if (busy) return "An action is running on this server; the buttons come back when it has finished.";
  switch (status) {
    case "running":
      return "The server is running. Stop shuts it down cleanly; Reboot restarts it.";
    case "stopped":
      return "The server is stopped. Start boots it with its current plan.";
    case "rescue":
      return "The rescue system is running with this server's addresses; its own disk is at /mnt/disk. Leave rescue to boot its own system.";
    case "failed":
      return "This server failed to provision, so it cannot be powered on. You can terminate it below.";
    case "pending":
    case "provisioning":
      return "The server is still being set up. Actions become available once it is running.";
    default:
      return "";
  }
}

function firewallSummary(firewall: TFirewallResource): string {
  if (firewall.version === 0) return "Not set: all traffic is allowed.";
  const rules = firewall.rules.length === 1 ? "1 rule" : `${firewall.rules.length} rules`;
  const inbound = firewall.defaultInbound === "drop" ? "blocked" : "allowed";
  return `${rules}; other inbound traffic is ${inbound}${firewall.state === "pending" ? " (being applied)" : ""}.`;
}

export default async function ServerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ usage?: string }> }) {
  const { actor } = await requireSessionActor();
  const { id } = await params;
  const period = chosenUsagePeriod((await searchParams).usage);
  const db = database();
  const server = await orNotFound(findServerView(db, actor, id));
  const [plans, templates, ownerKeys, firewall, metrics, monthly, forwards] = await Promise.all([
    listOrderablePlans(db, server.owner.id),
    db.template.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { slug: true, name: true } }),
    // A reinstall sets the new system up with keys the owner saved.
    listSshKeys({ database: db, userId: server.owner.id }),
    readServerFirewall({ database: db, actor, serverId: server.id }),
    readServerMetrics({ database: db, actor, serverId: server.id, period }),
    readMonthlyUsage({ database: db, actor, serverId: server.id }),
    readPortForwards({ database: db, actor, serverId: server.id }),
  ]);
  const { plan } = server;
  const terminated = server.status === "terminated";
  const controls = serverActionControls(actor, server);
  const busy = server.activeJobId !== null;
  // A suspended or terminated server gives a reader who may do nothing with it no controls at all.
  const locked = (server.status === "suspended" || terminated) && !controls.some((control) => control.offered);
  const labels = Object.fromEntries(serverActionCatalogue.map((entry) => [entry.type, entry.labels]));

  // What the owner pays for its current plan: its reseller's price for a reseller's customer (never the admin's).
  const ownersReseller = server.owner.role === "customer" ? server.owner.resellerId : null;
  const currentPrice = plans.find((choice) => choice.slug === plan.slug)?.monthlyPriceCents ?? (ownersReseller ? null : plan.monthlyPriceCents);
  const planOptions: PlanOption[] = plans.map((choice) => ({ slug: choice.slug, name: choice.name, price: formatPrice(choice.monthlyPriceCents), summary: planSummary(choice) }));
  if (!planOptions.some((option) => option.slug === plan.slug)) {
    planOptions.unshift({ slug: plan.slug, name: plan.name, price: formatPrice(currentPrice), summary: planSummary(plan) });
  }
  const templateOptions = templates.some((template) => template.slug === server.template.slug) ? templates : [server.template, ...templates];
  const choices = {
    plans: planOptions,
    currentPlan: plan.slug,
    templates: templateOptions,
    currentTemplate: server.template.slug,
    sshKeys: ownerKeys.map(({ id, name, fingerprint }) => ({ id, name, fingerprint })),
  };
  const powerTypes = controls.filter((control) => control.panel.placement === "power").map((control) => control.type);

  return (
    <ServerActionsProvider serverId={server.id} hostname={server.hostname} labels={labels} choices={choices} activeJob={server.activeJob}>
      {transitional.has(server.status) || server.userData?.state === "pending" ? <AutoRefresh /> : null}
      {/* The first readings arrive within a minute of the server running; then the graphs show. */}
      {server.status === "running" && metrics.points.length === 0 ? <AutoRefresh intervalMs={10_000} /> : null}
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

      {server.hostMaintenance ? (
        <div role="status" data-testid="host-maintenance-banner" className="mb-6 rounded-xl bg-amber-50 p-5 ring-1 ring-inset ring-amber-600/25">
          <p className="text-base font-semibold text-amber-900">Maintenance on this server&apos;s host</p>
          <p className="mt-1 text-sm text-amber-800">{server.hostMaintenance.notice}</p>
          <p className="mt-1 text-xs text-amber-700">Since {new Date(server.hostMaintenance.since).toUTCString()}</p>
        </div>
      ) : null}

      {server.status === "unknown" ? (
        <div role="status" data-testid="host-down-banner" className="mb-6 rounded-xl bg-slate-100 p-5 ring-1 ring-inset ring-slate-300">
          <p className="text-base font-semibold text-slate-900">Status unknown</p>
          <p className="mt-1 text-sm text-slate-700">The host this server runs on does not answer at the moment, so its state cannot be shown. It appears again as soon as the host is back.</p>
        </div>
      ) : null}

      {server.status === "rescue" ? (
        <div role="status" data-testid="rescue-banner" className="mb-6 rounded-xl bg-violet-50 p-5 ring-1 ring-inset ring-violet-600/25">
          <p className="text-base font-semibold text-violet-900">Rescue system running</p>
          <p className="mt-1 text-sm text-violet-800">
            The server&apos;s own system is stopped. A rescue system runs with its addresses, and its disk is mounted at <code className="font-mono">/mnt/disk</code>{" "}
            so you can repair it. Choose &ldquo;Leave rescue&rdquo; to boot your own system again.
          </p>
        </div>
      ) : null}

      {server.status === "suspended" ? (
        <div role="status" data-testid="suspended-banner" className="mb-6 flex gap-4 rounded-xl bg-orange-50 p-5 ring-1 ring-inset ring-orange-600/25">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-orange-100 text-orange-600">
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} className="size-5" aria-hidden>
              <rect x="6" y="5" width="4" height="14" rx="1" />
              <rect x="14" y="5" width="4" height="14" rx="1" />
            </svg>
          </span>
          <div>
            <p className="text-base font-semibold text-orange-900">Suspended by your provider</p>
            <p className="mt-1 text-sm text-orange-800">
              This server has been suspended and is not reachable. Only your provider can lift the suspension, so please contact them.
              Your data is kept while the server is suspended.
            </p>
            {server.suspendReason ? (
              <p data-testid="suspend-reason" className="mt-2 text-sm text-orange-900">
                <span className="font-semibold">Reason:</span> {server.suspendReason}
              </p>
            ) : null}
            {server.suspendedBy === "admin" && server.owner.resellerId && actor.role !== "customer" ? (
              <p data-testid="suspended-by-admin" className="mt-1 text-sm text-orange-800">Suspended by the platform operator; only they can lift it.</p>
            ) : null}
          </div>
        </div>
      ) : null}

      {terminated ? (
        <div role="status" data-testid="terminated-banner" className="mb-6 rounded-xl bg-slate-100 p-5 ring-1 ring-inset ring-slate-300">
          <p className="text-base font-semibold text-slate-800">This server has been terminated</p>
          <p className="mt-1 text-sm text-slate-600">
            {server.terminatedAt ? `It was destroyed on ${formatDateTime(server.terminatedAt)}. ` : "It has been destroyed. "}
            Its disk is gone and its addresses have been released. The record is kept for your history.
          </p>
        </div>
      ) : null}

      {server.statusMessage ? (
        <div
          role="status"
          className={`mb-6 rounded-lg px-4 py-3 text-sm ring-1 ring-inset ${
            server.status === "failed" || server.statusMessage.includes("failed")
              ? "bg-rose-50 text-rose-700 ring-rose-600/20"
              : "bg-amber-50 text-amber-800 ring-amber-600/20"
          }`}
          data-testid="server-status-message"
        >
          {server.statusMessage}
        </div>
      ) : null}

      {locked ? (
        // No controls for the customer; an action in flight (or the one just finished) still shows its progress.
        <div className="mb-6 empty:hidden">
          <ActivityPanel />
        </div>
      ) : (
        <Card title="Power" description={powerHint(server.status, busy)} className="mb-6">
          <div className="space-y-4 px-5 py-4">
            <PowerControls controls={controls} />
            <ActivityPanel />
            <RefusalAlert types={powerTypes} />
          </div>
        </Card>
      )}

      {!locked && (server.status === "running" || server.status === "rescue") ? (
        <Card title="Console" description="The server's own console: boot messages and a login, even when its network is down" className="mb-6">
          <ConsolePanel serverId={server.id} />
        </Card>
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
        <Card title="Network" description={terminated ? "Addresses released when the server was terminated" : "Public addresses assigned to this server"}>
          <div className="grid gap-6 px-5 py-5 sm:grid-cols-2">
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">IPv4</h3>
              <AddressList addresses={server.ipv4} testId="server-ipv4" empty={terminated ? "Released" : "Not assigned yet"} />
            </div>
            <div>
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">IPv6</h3>
              <AddressList addresses={server.ipv6} testId="server-ipv6" empty={terminated ? "Released" : "Not assigned yet"} />
            </div>
          </div>
          {terminated ? null : (
            <div className="flex items-center justify-between gap-4 border-t border-slate-100 px-5 py-3.5">
              <p className="text-sm text-slate-600">
                <span className="font-medium text-slate-700">Firewall:</span> <span data-testid="server-firewall-summary">{firewallSummary(firewall)}</span>
              </p>
              <Link href={`/servers/${server.id}/firewall`} data-testid="server-firewall-link" className={secondaryLink}>
                Firewall
              </Link>
            </div>
          )}
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
            <Detail label="Template">
              {server.template.name}
              {server.imageVersion ? <span className="ml-2 font-mono text-xs text-slate-500" data-testid="server-image-version">{server.imageVersion}</span> : null}
            </Detail>
            {server.hostKeys.length > 0 ? (
              // Shown so the customer can check the host key their SSH client is asked to trust at the first login.
              <Detail label="SSH host keys">
                <ul className="space-y-1">
                  {server.hostKeys.map((key) => (
                    <li key={key.fingerprint} className="font-mono text-xs" data-testid="server-host-key">
                      {key.type} {key.fingerprint}
                    </li>
                  ))}
                </ul>
              </Detail>
            ) : null}
            <Detail label="Plan">
              {plan.name} · {formatPrice(currentPrice)}/month
            </Detail>
            <Detail label="Resources">
              {formatVcpus(plan.vcpus)}, {formatMegabytes(plan.memoryMb)} memory, {formatMegabytes(plan.swapMb)} swap, {formatMegabytes(plan.diskMb)} disk,{" "}
              {plan.processes} processes
            </Detail>
            <Detail label="Created">{formatDateTime(server.createdAt)}</Detail>
            {server.terminatedAt ? <Detail label="Terminated">{formatDateTime(server.terminatedAt)}</Detail> : null}
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

      {terminated ? null : (
        <Card title="Usage" description="CPU, memory, disk and network over the chosen period (times in UTC), and this month's transfer" actions={<UsagePeriodLinks path={`/servers/${server.id}`} current={period} />} className="mt-6">
          <div className="space-y-5 px-5 py-5">
            <UsageGraphs metrics={metrics} empty="Usage appears within a minute of the server running." />
            <div className="border-t border-slate-100 pt-4">
              <TransferSummary usage={monthly} />
            </div>
          </div>
        </Card>
      )}

      {!terminated && (forwards.portForwards.length > 0 || actor.role === "admin") ? <PortForwardsCard serverId={server.id} forwards={forwards} editable={actor.role === "admin"} /> : null}

      {server.userData ? (
        <Card title="First-boot script" description={server.userData.state === "done" ? `Finished with exit code ${server.userData.exitCode ?? "unknown"}` : "Runs once at the first boot; its output appears here when it has finished"} className="mt-6">
          <pre data-testid="user-data-output" data-state={server.userData.state} className="max-h-96 overflow-auto px-5 py-4 font-mono text-xs whitespace-pre-wrap text-slate-800">
            {server.userData.state === "done" ? server.userData.output || "(no output)" : "Waiting for the script to finish…"}
          </pre>
        </Card>
      ) : null}

      {locked ? null : (
        <div className="mt-10 space-y-6">
          <h2 className="text-base font-semibold text-slate-900">Manage</h2>
          <ManageControls controls={controls} />
          <ProviderControls controls={controls} />
        </div>
      )}
    </ServerActionsProvider>
  );
}
