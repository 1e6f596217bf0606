import { formatDateTime } from "@/lib/panel/format";
import type { listServers } from "@/lib/servers/list-servers";
import { ActionForm } from "@/app/_components/action-form";
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
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <thead className="border-b border-slate-100 bg-slate-50/60 text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-5 py-3">Server</th>
            <th className="px-5 py-3">Owner</th>
            {showReseller ? <th className="px-5 py-3">Reseller</th> : null}
            <th className="px-5 py-3">Host</th>
            <th className="px-5 py-3">Status</th>
            <th className="px-5 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {servers.map((server) => (
            <tr key={server.id} data-testid={rowTestId} data-server-id={server.id} data-hostname={server.hostname} className="align-top">
              <td className="px-5 py-3.5">
                <p className="font-medium text-slate-900" data-testid="server-row-hostname">{server.hostname}</p>
                <p className="font-mono text-xs text-slate-500">{server.containerName}</p>
                <p className="mt-0.5 text-xs text-slate-400">
                  {server.plan.name} · {server.addresses.join(", ") || "no address"} · {formatDateTime(server.createdAt)}
                </p>
              </td>
              <td className="px-5 py-3.5">
                <p className="text-slate-800">{server.owner.name}</p>
                <p className="text-xs text-slate-500">{server.owner.email}</p>
              </td>
              {showReseller ? (
                <td className="px-5 py-3.5 text-slate-600">{server.reseller ? (server.reseller.brandName ?? server.reseller.email) : <span className="text-slate-400">—</span>}</td>
              ) : null}
              <td className="px-5 py-3.5 text-slate-600">{server.host ?? <span className="text-slate-400">not placed</span>}</td>
              <td className="px-5 py-3.5">
                <StatusBadge status={server.status} testId="server-row-status" />
                {server.busy ? <p className="mt-1 text-xs text-sky-700">action running</p> : null}
                {server.statusMessage ? <p className="mt-1 max-w-xs text-xs text-rose-700">{server.statusMessage}</p> : null}
              </td>
              <td className="px-5 py-3.5">
                <div className="flex items-start justify-end gap-2">
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
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
