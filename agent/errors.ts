import type { AgentErrorCode } from "./types";

const statusByCode: Record<AgentErrorCode, number> = {
  unauthenticated: 401,
  stale_request: 401,
  replayed_request: 401,
  invalid_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  busy: 409,
  unknown_template: 422,
  suspended: 409,
  disk_in_use: 409,
  in_rescue: 409,
  not_running: 409,
  console_busy: 409,
  invalid_image: 422,
  unsupported_image: 422,
  network_conflict: 409,
  internal_error: 500,
};

/**
 * An error whose message is safe to show to the caller; the server turns it into
 * `{ error: { code, message, details } }` with the matching HTTP status.
 */
export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: AgentErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AgentError";
    this.code = code;
    this.status = statusByCode[code];
    this.details = details;
  }
}
