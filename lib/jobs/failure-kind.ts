import { AgentRequestError } from "../../agent/client";
import { AppError } from "../errors";

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
