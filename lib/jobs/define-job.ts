import type { z } from "zod";
import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";

/** What a job handler gets besides its payload. */
export interface JobContext {
  database: Database;
  settings: BerthSettings;
  /** Id of the Job row the panel shows. */
  jobRecordId: string;
  /** Reports progress (0-100) and the step now running, to the Job row and to BullMQ. */
  reportProgress(progress: number, step: string): Promise<void>;
  /** Records the host agent's operation id of one of the job's calls. */
  noteAgentOperation(operationId: string): Promise<void>;
  /** Runs a named step once: a retry after a crash skips steps already recorded as done. */
  runStep<T>(step: string, progress: number, work: () => Promise<T>): Promise<T | undefined>;
}

export interface JobDefinition<Payload extends z.ZodType> {
  name: string;
  payload: Payload;
  attempts: number;
  /** What the job is called in a customer's failure text ("The <name> could not be completed; reference <job id>"). */
  publicName: (payload: z.infer<Payload>) => string;
  /** Loaded lazily so the panel, which only queues jobs, never imports worker code. */
  handler: () => Promise<(payload: z.infer<Payload>, context: JobContext) => Promise<void>>;
  /** Whether the job may run now; one that must wait its turn is put back (not an attempt) and asked again shortly. */
  isReady?: () => Promise<(payload: z.infer<Payload>, context: JobContext) => Promise<boolean>>;
  /** Called once when the job has failed for good: release whatever it took. `reason` is the failure's public text (customers read it). */
  onFinalFailure?: () => Promise<(payload: z.infer<Payload>, context: JobContext, reason: string) => Promise<void>>;
}

export function defineJob<Payload extends z.ZodType>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}
