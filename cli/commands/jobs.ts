import { jobStates } from "../../lib/domain/statuses";
import { withDatabase } from "../open-database";
import { formatDate, printRows } from "../output";
import { choiceFlag, parseFlags, positiveIntegerFlag } from "../parse-flags";

const defaultLimit = 50;

async function listJobsCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("jobs list", args, {
    json: { type: "boolean", default: false },
    state: { type: "string" },
    limit: { type: "string" },
  });
  const state = choiceFlag(values.state, "state", jobStates);
  const limit = positiveIntegerFlag(values.limit, "limit", 10_000) ?? defaultLimit;
  // Newest first: an operator looking at jobs usually wants what just happened.
  const jobs = await withDatabase((database) =>
    database.job.findMany({ where: state ? { state } : {}, orderBy: { createdAt: "desc" }, take: limit }),
  );
  const rows = jobs.map((job) => ({
    id: job.id,
    type: job.type,
    state: job.state,
    progress: job.progress,
    step: job.step,
    error: job.error,
    serverId: job.serverId,
    createdAt: formatDate(job.createdAt),
  }));
  printRows(rows, [
    { header: "ID", value: (row) => row.id },
    { header: "TYPE", value: (row) => row.type },
    { header: "STATE", value: (row) => row.state },
    { header: "PROGRESS", value: (row) => `${row.progress}%` },
    { header: "STEP", value: (row) => row.step },
    { header: "SERVER", value: (row) => row.serverId },
    { header: "CREATED", value: (row) => row.createdAt },
    // Last, because errors are long and would push the other columns apart.
    { header: "ERROR", value: (row) => row.error?.replace(/\s+/g, " ") },
  ], { json: values.json, emptyMessage: state ? `No ${state} jobs.` : "No jobs." });
  return 0;
}

export const jobsCommands = { list: listJobsCommand };
