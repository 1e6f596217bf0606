import { AsyncLocalStorage } from "node:async_hooks";
import { hostname } from "node:os";
import { pino, type DestinationStream, type LoggerOptions } from "pino";
import type { Correlation } from "./protocol/correlation";

/**
 * One structured log line per event, as JSON on stdout (easy to grep and to ship). An event may
 * name its `level` (default info, error when it has an `error`); every other field is logged as is.
 */
export type AgentLogger = (event: Record<string, unknown>) => void;

export type LogService = "panel" | "worker" | "agent" | "console-gateway";

/**
 * The line format every Berth process writes (lib/logging/logger.ts uses it too): level by name,
 * ISO time, the service, its pid and host name.
 */
export function structuredLogOptions(service: LogService, level: string): LoggerOptions {
  return {
    level,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

type EventLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
const eventLevels = new Set<string>(["trace", "debug", "info", "warn", "error", "fatal"]);

/** The agent's own logger at `level` (BERTH_LOG_LEVEL), to stdout unless a destination is given. */
export function stdoutLogger(level: string, destination?: DestinationStream): AgentLogger {
  const logger = pino(structuredLogOptions("agent", level), destination ?? pino.destination(1));
  return ({ level: eventLevel, ...fields }) => {
    const named = typeof eventLevel === "string" && eventLevels.has(eventLevel) ? (eventLevel as EventLevel) : undefined;
    logger[named ?? (fields.error === undefined ? "info" : "error")](fields);
  };
}

// The request being answered: its caller's request and job ids go on every line logged for it.
const callerContext = new AsyncLocalStorage<Correlation>();

/** Runs one request's work with its caller's ids, so `withCallerIds` loggers add them. */
export function withCaller<T>(correlation: Correlation, work: () => T): T {
  return callerContext.run(correlation, work);
}

/** A logger that adds the current request's caller ids (requestId, jobId) to each event. */
export function withCallerIds(log: AgentLogger): AgentLogger {
  return (event) => log({ ...callerContext.getStore(), ...event });
}
