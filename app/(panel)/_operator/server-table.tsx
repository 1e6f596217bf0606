import Link from "next/link";
import type { Actor } from "@/lib/access/actor";
import { serverActionControls } from "@/lib/action-catalogue/available-actions";
import type { listServers } from "@/lib/servers/list-servers";
import { ActionForm } from "@/app/_components/action-form";
import { Cell, DataTable, RowActions } from "@/app/_components/data-table";
import { formatDateTime } from "@/app/_components/format";
import { EmptyState, StatusBadge } from "@/app/_components/ui";
import { operateServerAction } from "./operator-actions";

type ServerRow = Awaited<ReturnType<typeof listServers>>["servers"][number];

/** The operator's server list (admin and reseller consoles) with the catalogue's list actions the reader may run now. */
export function ServerTable({ actor, servers, page, rowTestId, showReseller }: {
  actor: Actor;
  servers: ServerRow[];
  /** The page to refresh after an action. */
  page: string;
  rowTestId: string;
  showReseller: boolean;
}) {
  if (servers.length === 0) return <EmptyState title="No servers" description="Servers appear here as soon as they are ordered." />;
  return (
    <DataTable columns={["Server", "Owner", showReseller ? "Reseller" : null, "Host", "Status", { label: "Actions", srOnly: true }]}>
      {servers.map((server) => (
        <tr key={server.id} data-testid={rowTestId} data-server-id={server.id} data-hostname={server.hostname} className="align-top">
          <Cell>
            <Link href={`/servers/${server.id}`} className="font-medium text-slate-900 hover:text-indigo-600" data-testid="server-row-hostname">
              {server.hostname}
            </Link>
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
            {serverActionControls(actor, { ...server, status: server.rawStatus })
              .filter((control) => control.panel.inServerLists && control.offered)
              .map((control) => (
                <ActionForm
                  key={control.type}
                  action={operateServerAction}
                  hidden={{ serverId: server.id, type: control.type, page }}
                  submitLabel={control.labels.button}
                  confirmLabel={control.panel.confirm ? control.panel.confirm.button : undefined}
                  testId={`server-${control.type}`}
                  variant={control.panel.tone === "danger" ? "danger" : "small"}
                  compact
                />
              ))}
          </RowActions>
        </tr>
      ))}
    </DataTable>
  );
}
