import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line written during one request or one job names. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
}

// On globalThis: Next.js bundles its own copy of this module, and the panel's server
// (panel-server/main.ts) must set the context its route handlers read.
const shared = globalThis as unknown as { berthLogContext?: AsyncLocalStorage<LogContext> };
const storage = (shared.berthLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `work` with these ids added to the current context (log lines and agent calls carry them). */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  const given = Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
  return storage.run({ ...storage.getStore(), ...given }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/**
 * Runs `work` outside any request or job: for connections a request happens to open first but
 * the whole process keeps, whose later lines (reconnects, errors) belong to no request.
 */
export function outsideLogContext<T>(work: () => T): T {
  return storage.exit(work);
}
