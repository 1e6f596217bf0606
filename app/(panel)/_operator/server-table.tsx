import { formatDateTime } from "@/lib/panel/format";
import type { listServers } from "@/lib/servers/list-servers";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, RowActions } from "@/app/_components/data-table";
import { EmptyState, StatusBadge } from "@/app/_components/ui";
import { operateServerAction } from "./server-actions";

type ServerRow = Awaited<ReturnType<typeof listServers>>[number];

const settled = new Set(["running", "stopped"]);

/** The operator's server list (admin and reseller consoles) with the controls the role has. */
export function ServerTable({ servers, page, rowTestId, showReseller, allowTerminate }: {
  servers: ServerRow[];
  /** The page to refresh after an action. */
  page: string;
  rowTestId: string;
  showReseller: boolean;
  allowTerminate: boolean;
}) {
  if (servers.length === 0) return <EmptyState title="No servers" description="Servers appear here as soon as they are ordered." />;
  return (
    <DataTable columns={["Server", "Owner", showReseller ? "Reseller" : null, "Host", "Status", { label: "Actions", srOnly: true }]}>
      {servers.map((server) => (
        <tr key={server.id} data-testid={rowTestId} data-server-id={server.id} data-hostname={server.hostname} className="align-top">
          <Cell>
            <p className="font-medium text-slate-900" data-testid="server-row-hostname">{server.hostname}</p>
            <p className="font-mono text-xs text-slate-500">{server.containerName}</p>
            <p className="mt-0.5 text-xs text-slate-400">
              {server.plan.name} · {server.addresses.join(", ") || "no address"} · {formatDateTime(server.createdAt)}
            </p>
          </Cell>
          <Cell>
            <p className="text-slate-800">{server.owner.name}</p>
            <p className="text-xs text-slate-500">{server.owner.email}</p>
          </Cell>
          {showReseller ? (
            <Cell className="text-slate-600">{server.reseller ? (server.reseller.brandName ?? server.reseller.email) : <span className="text-slate-400">—</span>}</Cell>
          ) : null}
          <Cell className="text-slate-600">{server.host ?? <span className="text-slate-400">not placed</span>}</Cell>
          <Cell>
            <StatusBadge status={server.status} testId="server-row-status" />
            {server.busy ? <p className="mt-1 text-xs text-sky-700">action running</p> : null}
            {server.statusMessage ? <p className="mt-1 max-w-xs text-xs text-rose-700">{server.statusMessage}</p> : null}
          </Cell>
          <RowActions>
            {server.suspended ? (
              <ActionForm action={operateServerAction} hidden={{ serverId: server.id, type: "unsuspend", page }} submitLabel="Unsuspend" testId="server-unsuspend" variant="small" compact />
            ) : settled.has(server.rawStatus) ? (
              <ActionForm action={operateServerAction} hidden={{ serverId: server.id, type: "suspend", page }} submitLabel="Suspend" testId="server-suspend" variant="small" compact />
            ) : null}
            {allowTerminate && server.rawStatus !== "pending" && server.rawStatus !== "provisioning" ? (
              <ActionForm
                action={operateServerAction}
                hidden={{ serverId: server.id, type: "terminate", page }}
                submitLabel="Terminate"
                confirmLabel="Terminate for good"
                testId="server-terminate"
                variant="danger"
                compact
              />
            ) : null}
          </RowActions>
        </tr>
      ))}
    </DataTable>
  );
}
