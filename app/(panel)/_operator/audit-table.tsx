import type { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { formatDateTime } from "@/app/_components/format";
import { DataTable } from "@/app/_components/data-table";
import { Pager } from "@/app/_components/pager";
import { EmptyState } from "@/app/_components/ui";

type AuditTrail = Awaited<ReturnType<typeof listAuditTrail>>;
type AuditRow = AuditTrail["events"][number];

const doors: Record<string, string> = { user: "session", token: "API token", webhook: "billing webhook" };

function Who({ event, viewerId }: { event: AuditRow; viewerId: string }) {
  if (event.actorType === "worker" || event.actorType === "system") {
    return <span className="text-slate-500">Berth ({event.actorType})</span>;
  }
  const name =
    event.actorId === viewerId
      ? "You"
      : (event.actorEmail ?? (event.actorRole === "admin" ? "Administrator" : event.actorRole === "reseller" ? "Your provider" : event.actorId ? "Deleted user" : "—"));
  return (
    <>
      <span className="text-slate-800">{name}</span>
      <span className="block text-xs text-slate-500">via {doors[event.actorType] ?? event.actorType}</span>
    </>
  );
}

/** The audit trail as a table, with a "Next page" link to older events. */
export function AuditTable({ trail, viewerId, basePath, paged }: { trail: AuditTrail; viewerId: string; basePath: string; paged: boolean }) {
  if (trail.events.length === 0) return <EmptyState title="Nothing recorded yet" description="Changes to servers, orders and accounts appear here as they happen." />;
  return (
    <>
      {/* Seven columns: tighter padding than the other lists. */}
      <DataTable headerCellClass="px-3 py-3" columns={["When", "Who", "Tenant", "Action", "Target", "Result", { label: "IP", className: "py-3 pl-3 pr-5" }]}>
        {trail.events.map((event) => (
          <tr key={event.id} data-testid="audit-row" data-action={event.action} data-result={event.result} className="align-top">
            <td className="whitespace-nowrap py-3 pl-5 pr-3 text-xs text-slate-500">{formatDateTime(event.createdAt)}</td>
            <td className="px-3 py-3">
              <Who event={event} viewerId={viewerId} />
            </td>
            <td className="max-w-48 break-words px-3 py-3 text-slate-600">{event.tenantId === viewerId ? "You" : (event.tenantEmail ?? (event.tenantId ? <span className="font-mono text-xs">{event.tenantId}</span> : "—"))}</td>
            <td className="px-3 py-3">
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{event.action}</code>
            </td>
            <td className="px-3 py-3 text-slate-600">
              {event.targetType}
              {event.targetId ? <span className="block max-w-32 truncate font-mono text-xs text-slate-400" title={event.targetId}>{event.targetId}</span> : null}
            </td>
            <td className="px-3 py-3">
              <span
                className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
                  event.result === "success" ? "bg-emerald-50 text-emerald-700 ring-emerald-600/20" : "bg-rose-50 text-rose-700 ring-rose-600/20"
                }`}
              >
                {event.result}
              </span>
            </td>
            <td className="whitespace-nowrap py-3 pl-3 pr-5 font-mono text-xs text-slate-500">{event.ipAddress ?? "—"}</td>
          </tr>
        ))}
      </DataTable>
      <Pager path={basePath} nextCursor={trail.nextCursor} paged={paged} nextTestId="audit-older" firstTestId="audit-newest" nextLabel="Next page (older) →" firstLabel="← Newest" endLabel="End of the trail" />
    </>
  );
}
