import type { Actor } from "../access/actor";

/** What a customer reads when a failure's own message is not written for people. */
export function unexplainedFailureText(action: string, jobId: string): string {
  return `The ${action} could not be completed; reference ${jobId}`;
}

/**
 * What this reader may see of a job's failure: admins the detail (agent messages, internal
 * errors), everyone else the public text recorded with it, or a reference when there is none.
 */
export function jobErrorFor(job: { id: string; error: string | null; publicError: string | null }, actor: Pick<Actor, "role">): string | null {
  if (actor.role === "admin") return job.error;
  if (job.publicError !== null) return job.publicError;
  return job.error === null ? null : unexplainedFailureText("request", job.id);
}
