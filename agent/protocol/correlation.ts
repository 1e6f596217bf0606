// Ids that tie one piece of work together across panel, worker and agent logs. They ride on
// requests as plain headers: they only label log lines, so they are checked for shape, not signed.

/** The caller's request id (the panel's, taken from its own caller or made there). */
export const requestIdHeader = "x-request-id";
/** The job row on whose behalf the worker calls the agent. */
export const jobIdHeader = "x-berth-job";

export interface Correlation {
  requestId?: string;
  jobId?: string;
}

// UUIDs, cuids, and what common proxies and load balancers generate; nothing that could break a log line.
const correlationIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The value if it is a well-formed id, else undefined (a malformed one is dropped, never logged). */
export function wellFormedCorrelationId(value: string | string[] | null | undefined): string | undefined {
  return typeof value === "string" && correlationIdPattern.test(value) ? value : undefined;
}

/** The correlation headers of an outgoing request (none for absent ids). */
export function correlationHeaders(correlation: Correlation): Record<string, string> {
  const headers: Record<string, string> = {};
  if (correlation.requestId) headers[requestIdHeader] = correlation.requestId;
  if (correlation.jobId) headers[jobIdHeader] = correlation.jobId;
  return headers;
}

/** The well-formed correlation ids an incoming request carries. */
export function correlationOf(headers: Record<string, string | string[] | undefined>): Correlation {
  const requestId = wellFormedCorrelationId(headers[requestIdHeader]);
  const jobId = wellFormedCorrelationId(headers[jobIdHeader]);
  return { ...(requestId ? { requestId } : {}), ...(jobId ? { jobId } : {}) };
}
