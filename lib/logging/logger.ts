import { pino, type DestinationStream, type Logger } from "pino";
import { structuredLogOptions, type LogService } from "../../agent/log";
import { operationsSettings } from "../settings";
import { currentLogContext } from "./log-context";

export type { Logger } from "pino";

/** A JSON-lines logger for `service`; each line also names the current request or job (log-context.ts). */
export function createLogger(options: { service: LogService; level?: string; destination?: DestinationStream }): Logger {
  const level = options.level ?? operationsSettings().logLevel;
  return pino({ ...structuredLogOptions(options.service, level), mixin: () => ({ ...currentLogContext() }) }, options.destination ?? pino.destination(1));
}

// One logger per process, on globalThis so the panel's server and Next.js's bundled copy of lib share it.
const shared = globalThis as unknown as { berthLogger?: Logger };

/** Called first by each entry point (panel-server, worker, console-gateway): its lines name the service. */
export function configureLogger(service: LogService): Logger {
  shared.berthLogger = createLogger({ service });
  return shared.berthLogger;
}

/**
 * The process's logger. Unconfigured (the CLI, scripts, tests, `next dev`) it writes warnings and
 * errors (or BERTH_LOG_LEVEL's) to stderr, where these messages went before: a command's own
 * output stays clean, and a test run shows what went wrong rather than every job's progress.
 */
export function logger(): Logger {
  shared.berthLogger ??= createLogger({ service: "panel", level: operationsSettings(undefined, "warn").logLevel, destination: pino.destination(2) });
  return shared.berthLogger;
}
