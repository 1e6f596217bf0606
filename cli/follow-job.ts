import type { Database } from "../lib/database/client";

const pollMs = 250;

/** Waits for a Job row to finish and returns it; `onChange` hears each new progress and step on the way. */
export async function followJob(database: Database, jobId: string, onChange?: (job: { progress: number; step: string | null }) => void) {
  let last = "";
  for (;;) {
    const job = await database.job.findUniqueOrThrow({ where: { id: jobId } });
    if (job.state === "completed" || job.state === "failed") return job;
    const now = `${job.progress} ${job.step ?? ""}`;
    if (now !== last && onChange) onChange(job);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
