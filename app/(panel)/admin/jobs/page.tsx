import { database } from "@/lib/database/client";
import { listJobs } from "@/lib/job-admin/list-jobs";
import { formatDateTime } from "@/app/_components/format";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { readPanelPage } from "@/lib/panel/read-panel-page";
import { ActionForm } from "@/app/_components/action-form";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { Cell, DataTable, RowActions } from "@/app/_components/data-table";
import { Pager } from "@/app/_components/pager";
import { Card, PageHeader, StatusBadge } from "@/app/_components/ui";
import { discardJobAction, endJobAction, retryJobAction } from "./actions";

export const generateMetadata = consoleMetadata("Jobs", "admin");
export const dynamic = "force-dynamic";

type JobRow = Awaited<ReturnType<typeof listJobs>>["active"][number];

function describe(job: JobRow): string {
  if (job.type === "provisionServer") return "Provision server";
  if (job.action) return `Server action: ${job.action}`;
  return job.type;
}

function JobTable({ jobs, empty, controls = false, endable = false }: { jobs: JobRow[]; empty: string; controls?: boolean; endable?: boolean }) {
  if (jobs.length === 0) return <p className="px-5 py-8 text-center text-sm text-slate-500">{empty}</p>;
  return (
    <DataTable columns={["Job", "For", "State", { label: "Progress", className: "w-1/3 px-5 py-3" }, controls || endable ? { label: "Actions", srOnly: true } : null]}>
      {jobs.map((job) => (
        <tr key={job.id} data-testid="job-row" data-state={job.state} data-job-id={job.id} className="align-top">
          <Cell>
            <p className="font-medium text-slate-900">{describe(job)}</p>
            <p className="font-mono text-xs text-slate-400">{job.id}</p>
            <p className="text-xs text-slate-400">
              queued {formatDateTime(job.createdAt)}
              {job.finishedAt ? ` · finished ${formatDateTime(job.finishedAt)}` : ""}
            </p>
          </Cell>
          <Cell>
            <p className="text-slate-800">{job.target ?? "—"}</p>
            <p className="text-xs text-slate-500">{job.owner ?? ""}</p>
          </Cell>
          <Cell>
            <StatusBadge status={job.state} testId="job-state" />
            <p className="mt-1 text-xs text-slate-400">attempt {job.attempts}</p>
          </Cell>
          <Cell>
            {job.state === "failed" ? (
              <p className="rounded-md bg-rose-50 px-2.5 py-1.5 text-xs text-rose-700" data-testid="job-error">
                {job.error ?? "failed"}
              </p>
            ) : (
              <>
                <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={job.progress} className="h-2 overflow-hidden rounded-full bg-slate-100">
                  <div className={`h-full rounded-full ${job.state === "completed" ? "bg-emerald-500" : "bg-sky-500"}`} style={{ width: `${job.progress}%` }} />
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  {job.progress}% · {job.step ?? (job.state === "queued" ? "waiting for a worker" : "")}
                </p>
                {job.error && job.state !== "completed" ? <p className="mt-1 text-xs text-amber-700">last attempt: {job.error}</p> : null}
              </>
            )}
          </Cell>
          {controls ? (
            <RowActions>
              <ActionForm action={retryJobAction} hidden={{ jobId: job.id }} submitLabel="Retry" pendingLabel="Retrying…" testId="job-retry" variant="small" compact />
              <ActionForm action={discardJobAction} hidden={{ jobId: job.id }} submitLabel="Discard" pendingLabel="Discarding…" testId="job-discard" variant="danger" compact />
            </RowActions>
          ) : null}
          {endable ? (
            <RowActions>
              {/* For a job no worker will finish (stuck after a crash); it fails for good and frees its server. */}
              <ActionForm action={endJobAction} hidden={{ jobId: job.id }} submitLabel="End job" pendingLabel="Ending…" testId="job-end" variant="danger" compact />
            </RowActions>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}

export default async function AdminJobsPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { actor } = await requirePageRole("admin");
  const { cursor } = await searchParams;
  const jobs = await readPanelPage(cursor, (page) => listJobs({ database: database(), actor, cursor: page }));

  return (
    <>
      {/* While anything runs the page follows it; a retried job's row turns completed on its own. */}
      {jobs.active.length > 0 ? <AutoRefresh intervalMs={2000} /> : null}
      <PageHeader title="Jobs" description="Provisioning and server actions handled by the worker. Fix what made a job fail, then retry it; discard ones that are no longer needed." />
      <Card title="Running and queued" description={`${jobs.active.length} job(s)`} className="mb-8">
        <JobTable jobs={jobs.active} empty="Nothing is running right now." endable />
      </Card>
      <Card title="Failed" description="Jobs that failed for good, with the error of their last attempt" className="mb-8">
        <JobTable jobs={jobs.failed} empty="No failed jobs." controls />
      </Card>
      <Card title="Completed" description="Newest first">
        <JobTable jobs={jobs.completed} empty="No job has completed yet." />
        <Pager path="/admin/jobs" nextCursor={jobs.nextCursor} paged={Boolean(cursor)} />
      </Card>
    </>
  );
}
