import type { Metadata } from "next";
import Link from "next/link";
import { database } from "@/lib/database/client";
import { firewallPresets, maximumFirewallRules, type FirewallPresetName, type TFirewallRule } from "@/lib/firewall/firewall-fields";
import { readServerFirewall } from "@/lib/firewall/server-firewall";
import { orNotFound } from "@/lib/panel/or-not-found";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { findServerView } from "@/lib/servers/server-views";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { Cell, DataTable } from "@/app/_components/data-table";
import { formatDateTime } from "@/app/_components/format";
import { Card, Detail, EmptyNote, PageHeader, Pill } from "@/app/_components/ui";
import { FirewallForm, type RuleFields } from "./firewall-form";

export const metadata: Metadata = { title: "Firewall" };
export const dynamic = "force-dynamic";

const directionLabels: Record<string, string> = { in: "Inbound", out: "Outbound" };
const actionLabels: Record<string, string> = { accept: "Allow", drop: "Block" };
// ICMP and "any" rules have no ports.
const portless = new Set(["icmp", "any"]);

const ruleFields = (rule: TFirewallRule): RuleFields => ({ ...rule, port: rule.port ?? "", address: rule.address ?? "" });

export default async function FirewallPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireSessionActor();
  const { id } = await params;
  const db = database();
  const [server, firewall] = await orNotFound(Promise.all([findServerView(db, actor, id), readServerFirewall({ database: db, actor, serverId: id })]));
  const pending = firewall.state === "pending";
  const presets = (Object.keys(firewallPresets) as FirewallPresetName[]).map((name) => {
    const preset = firewallPresets[name];
    return { name, label: preset.name, defaultInbound: preset.defaultInbound, rules: preset.rules.map(ruleFields) };
  });

  return (
    <>
      {/* Until the host confirms the saved version. */}
      {pending ? <AutoRefresh /> : null}
      <nav className="mb-4 text-sm text-slate-500">
        <Link href="/" className="hover:text-slate-700">
          Dashboard
        </Link>
        <span className="mx-2">/</span>
        <Link href={`/servers/${server.id}`} className="hover:text-slate-700" data-testid="firewall-server-link">
          {server.hostname}
        </Link>
        <span className="mx-2">/</span>
        <span className="text-slate-700">Firewall</span>
      </nav>
      <PageHeader
        title="Firewall"
        description={`What may reach ${server.hostname} and what it may send. Rules are checked in order; the first that matches decides.`}
        actions={
          <Pill tone={pending ? "orange" : "emerald"} testId="firewall-state">
            {firewall.state}
          </Pill>
        }
      />

      <Card title="Saved rules" description={pending ? "The host has not confirmed this version yet; this page refreshes until it has." : "In force on the host"} className="mb-6">
        <dl className="divide-y divide-slate-100 border-b border-slate-100">
          <Detail label="Version" testId="firewall-version">
            {firewall.version}
          </Detail>
          <Detail label="Inbound traffic no rule matches" testId="firewall-default-inbound">
            {actionLabels[firewall.defaultInbound]}
          </Detail>
          <Detail label="Saved">{firewall.updatedAt ? formatDateTime(new Date(firewall.updatedAt)) : "Never: everything is allowed"}</Detail>
        </dl>
        {firewall.rules.length === 0 ? (
          <EmptyNote testId="firewall-no-rules">No rules.</EmptyNote>
        ) : (
          <DataTable columns={["Direction", "Protocol", "Port", "Address", "Action", "Description"]} testId="firewall-saved-rules">
            {firewall.rules.map((rule, index) => (
              <tr key={index} data-testid="firewall-saved-rule">
                <Cell>{directionLabels[rule.direction]}</Cell>
                <Cell className="uppercase">{rule.protocol}</Cell>
                <Cell className="font-mono">{rule.port ?? (portless.has(rule.protocol) ? "—" : "all")}</Cell>
                <Cell className="font-mono">{rule.address ?? "anywhere"}</Cell>
                <Cell>{actionLabels[rule.action]}</Cell>
                <Cell className="text-slate-500">{rule.description}</Cell>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      {server.status === "terminated" ? (
        <p className="text-sm text-slate-500">This server has been terminated; its firewall can no longer be changed.</p>
      ) : (
        <Card title="Edit rules" description={`Saving replaces the whole rule set (at most ${maximumFirewallRules} rules). A preset fills the editor; nothing changes until you save.`}>
          <FirewallForm serverId={server.id} defaultInbound={firewall.defaultInbound} rules={firewall.rules.map(ruleFields)} presets={presets} maximumRules={maximumFirewallRules} />
        </Card>
      )}
    </>
  );
}
