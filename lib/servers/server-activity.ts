import type { Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import type { Database } from "../database/client";
import { jobErrorFor } from "../jobs/job-error-for";

/** A lifecycle job as the server page shows it. */
export interface JobView {
  id: string;
  /** The lifecycle action the job carries out (start, stop, ..., terminate), when known. */
  action: string | null;
  state: string;
  progress: number;
  step: string | null;
  error: string | null;
}

/** What GET /api/servers/:id/activity answers and the server page polls. */
export interface ServerActivity {
  status: string;
  suspended: boolean;
  statusMessage: string | null;
  activeJobId: string | null;
  job: JobView | null;
}

interface JobRow {
  id: string;
  payload: string;
  state: string;
  progress: number;
  step: string | null;
  error: string | null;
  publicError: string | null;
}

/** The action type a serverAction job's payload names, or null for other jobs. */
export function actionOfJob(payload: string): string | null {
  try {
    const parsed = JSON.parse(payload) as { action?: { type?: unknown } };
    return typeof parsed.action?.type === "string" ? parsed.action.type : null;
  } catch {
    return null;
  }
}

/** A job as the server page shows it; its error is the detail for admins, the public text for others. */
export function jobView(job: JobRow, actor: Pick<Actor, "role">): JobView {
  const finished = job.state === "completed";
  return {
    id: job.id,
    action: actionOfJob(job.payload),
    state: job.state,
    progress: finished ? 100 : Math.max(0, Math.min(100, job.progress)),
    step: job.step,
    // A retry's error is kept on the row while the job is still running; only a final failure is shown.
    error: job.state === "failed" ? (jobErrorFor(job, actor) ?? "the action failed") : null,
  };
}

const jobSelect = { id: true, payload: true, state: true, progress: true, step: true, error: true, publicError: true } as const;

/** The job with this id if it belongs to the server, else null. */
export async function findServerJob(database: Database, actor: Pick<Actor, "role">, serverId: string, jobId: string): Promise<JobView | null> {
  const job = await database.job.findFirst({ where: { id: jobId, serverId }, select: jobSelect });
  return job ? jobView(job, actor) : null;
}

/**
 * The server's state and one of its jobs: the one asked for (the action the page started), else
 * the running action. Servers the actor may not see are a 404 AppError (findServerFor).
 */
export async function findServerActivity(database: Database, actor: Actor, serverId: string, jobId?: string | null): Promise<ServerActivity> {
  const server = await findServerFor(database, actor, serverId);
  const wanted = jobId || server.activeJobId;
  const job = wanted ? await findServerJob(database, actor, server.id, wanted) : null;
  return {
    status: server.status,
    suspended: server.suspended,
    statusMessage: server.statusMessage,
    activeJobId: server.activeJobId,
    job,
  };
}
