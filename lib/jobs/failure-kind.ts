import { AgentRequestError } from "../../agent/client";
import { AppError } from "../errors";
import { unexplainedFailureText } from "./job-error-for";

/**
 * A permanent failure will fail the same way on retry (bad input, exhausted pool, a 4xx from
 * the agent); anything else (network, Redis, a busy container, 5xx) is retried with backoff.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof AppError) return error.status < 500;
  if (error instanceof AgentRequestError) return error.status >= 400 && error.status < 500 && error.code !== "busy";
  return false;
}

export function failureMessage(error: unknown): string {
  if (error instanceof AppError || error instanceof AgentRequestError) return error.message;
  if (error instanceof Error) return `internal error: ${error.message}`;
  return "internal error";
}

/** A failure as admins (detail) and as customers and resellers (publicText) see it. */
export interface JobFailure {
  detail: string;
  publicText: string;
}

/**
 * AppErrors and the agent's 4xx refusals (disk_in_use, ...) are written for people and keep
 * their message; anything else (internal errors, unreachable agents, 5xx) is told as a plain
 * reason and the job's id, so its detail stays in the logs and the admin's job view.
 */
export function describeFailure({ error, action, jobId }: { error: unknown; action: string; jobId: string }): JobFailure {
  const writtenForPeople =
    (error instanceof AppError && error.status < 500) || (error instanceof AgentRequestError && error.status >= 400 && error.status < 500);
  return { detail: failureMessage(error), publicText: writtenForPeople ? (error as Error).message : unexplainedFailureText(action, jobId) };
}
