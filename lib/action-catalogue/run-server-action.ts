import type { ContainerState } from "../../agent/types";
import { AppError } from "../errors";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { serverActionOf, type TServerActionPayload } from "./catalogue";
import { handOnServerClaim } from "./claim-server";
import type { ActionServer, StepContext } from "./define-server-action";
import { recordActionEnd } from "./record-action-end";
import { mailContextOf } from "../mail/queue-mail";
import { recordServerEvent } from "../notifications/server-events";

const include = { owner: true, plan: true, template: true, host: true } as const;

function stepContext(context: JobContext, server: ActionServer, payload: Record<string, unknown>): StepContext<Record<string, unknown>> {
  return {
    database: context.database,
    server,
    payload,
    agent() {
      if (!server.host) throw new AppError("server_not_placed", 409, `server ${server.id} has no host`);
      // Every agent answer names its operation, so the job records it for matching the two logs.
      return agentForHost(server.host, context.settings.encryptionKey, { onOperation: context.noteAgentOperation });
    },
  };
}

/**
 * Carries out one catalogue action in the worker: its steps in order, then its outcome, the
 * release of the server's claim and the audit event in one transaction. Every step is
 * idempotent, so a retry after a crash repeats them harmlessly; the claim is released only
 * when the outcome is recorded.
 */
export async function runServerAction({ serverId, action }: TServerActionPayload, context: JobContext): Promise<void> {
  const { database } = context;
  const { type, ...payload } = action;
  const entry = serverActionOf(type);
  const server = await database.server.findUniqueOrThrow({ where: { id: serverId }, include });
  // A suspend that waited its turn behind a terminate finds nothing left to act on (a permanent
  // failure); a terminate run again after it finished (a retry after a crash) changes nothing.
  if (server.status === "terminated" && entry.repeatAnswersSameJobOnceServerIs !== "terminated") {
    throw new AppError("server_terminated", 409, "This server has been terminated");
  }
  const steps = stepContext(context, server, payload);

  let container: ContainerState | null = null;
  for (const [index, step] of entry.steps.entries()) {
    await context.reportProgress(Math.round(10 + (70 * index) / entry.steps.length), step.label);
    const result = await step.run(steps);
    if (result) container = result.container;
  }

  await context.reportProgress(90, "Recording the result");
  await database.$transaction(async (transaction) => {
    await entry.settle?.(transaction, { server, payload });
    await transaction.server.update({
      where: { id: serverId },
      data: { ...entry.outcome({ container, server, payload }), statusMessage: null, observedAt: new Date() },
    });
    await handOnServerClaim(transaction, serverId, context.jobRecordId);
    await recordActionEnd(transaction, server, type, "success", { jobId: context.jobRecordId });
    const announcement = entry.announce?.({ server, payload });
    if (announcement) {
      await recordServerEvent(transaction, mailContextOf(context.settings), { type: announcement.event, serverId, key: context.jobRecordId, details: announcement.details });
    }
  });
}

/**
 * Whether the worker may run the job now: a preempting action accepted while another ran waits
 * in the server's next slot until that action hands it the claim.
 */
export async function holdsServerTurn({ serverId }: TServerActionPayload, context: JobContext): Promise<boolean> {
  const server = await context.database.server.findUnique({ where: { id: serverId }, select: { nextJobId: true } });
  return server?.nextJobId !== context.jobRecordId;
}

/**
 * The action failed for good: say why on the server and free it for the next action, and let
 * the entry give back what it reserved. Only the job holding the server's claim settles it, so a
 * second call finds the claim gone and changes nothing.
 */
export async function recordServerActionFailure({ serverId, action }: TServerActionPayload, context: JobContext, reason: string): Promise<void> {
  const { type, ...payload } = action;
  const entry = serverActionOf(type);
  await context.database.$transaction(async (transaction) => {
    const server = await transaction.server.findUniqueOrThrow({ where: { id: serverId }, include });
    if (await handOnServerClaim(transaction, serverId, context.jobRecordId)) {
      await transaction.server.update({ where: { id: serverId }, data: { statusMessage: `${entry.labels.name} failed: ${reason}` } });
      await entry.release?.(transaction, { server, payload });
    }
    await recordActionEnd(transaction, server, type, "failure", { jobId: context.jobRecordId, reason });
  });
}
