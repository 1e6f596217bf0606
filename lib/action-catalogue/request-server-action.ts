import { auditActor, type Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { auditableFirstBootFields } from "../servers/first-boot-input";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";
import { serverActionOf, ZServerActionRequest, type ServerActionType } from "./catalogue";
import { claimServerForJob } from "./claim-server";
import { displayStatus } from "../servers/display-status";
import { requesterOf, requesterRefusal, statusesAllowed, statusRefusal } from "./requester";

export interface RequestServerActionOptions {
  database: Database;
  queue: JobQueue;
  actor: Actor;
  serverId: string;
  /** `{"type": <an action of the catalogue>, ...its input fields}` */
  input: unknown;
}

/** The latest job of this action on the server that has not failed, if asking again should answer it. */
async function repeatedJob(database: Database, server: { id: string; status: string; activeJobId: string | null; nextJobId: string | null }, type: string, onceServerIs?: string) {
  if (!onceServerIs) return null;
  const previous = await database.job.findFirst({
    where: { serverId: server.id, type: "serverAction", payload: { contains: `"type":"${type}"` }, state: { not: "failed" } },
    orderBy: { createdAt: "desc" },
  });
  return previous && (server.status === onceServerIs || server.activeJobId === previous.id || server.nextJobId === previous.id) ? previous : null;
}

/** The same preempting action already waiting for the server (a billing system repeating itself): asking again answers it. */
async function waitingJobOfSameAction(database: Database, server: { nextJobId: string | null }, type: string) {
  if (!server.nextJobId) return null;
  const waiting = await database.job.findUnique({ where: { id: server.nextJobId } });
  return waiting && waiting.state === "queued" && waiting.payload.includes(`"type":"${type}"`) ? waiting : null;
}

/**
 * The one door for every server action (REST API, panel, billing webhook, CLI). Checks, in this
 * order, the input (400), that the caller can see the server (404), that the action is for the
 * caller (403), the server's state (409) and what the input names (422); then records the job,
 * the server's claim (one action at a time) and the audit event in one transaction, and only
 * then queues the job. A refusal writes nothing.
 */
export async function requestServerAction({ database, queue, actor, serverId, input }: RequestServerActionOptions) {
  const { type, ...fields } = parseInput(ZServerActionRequest, input);
  const entry = serverActionOf(type as ServerActionType);
  const server = await findServerFor(database, actor, serverId);
  const requester = requesterOf(actor, server.owner);
  if (!entry.requesters.includes(requester)) throw requesterRefusal(entry);

  const repeated = await repeatedJob(database, server, entry.type, entry.repeatAnswersSameJobOnceServerIs);
  if (repeated) return repeated;
  const preempts = entry.preempts?.includes(requester) ?? false;
  const waiting = preempts ? await waitingJobOfSameAction(database, server, entry.type) : null;
  if (waiting) return waiting;
  const status = displayStatus(server);
  if (!statusesAllowed(entry, requester).includes(status)) throw statusRefusal(entry, status);
  const payload = entry.prepare ? await entry.prepare({ database, actor, requester, server, input: fields }) : {};

  const job = await database.$transaction(async (transaction) => {
    const job = await createJobRecord(transaction, "serverAction", { serverId, action: { type: entry.type as ServerActionType, ...payload } }, { serverId });
    const claim = await claimServerForJob(transaction, serverId, job.id, { preemptingAction: preempts ? entry.type : undefined });
    await entry.accepted?.(transaction, { server, payload });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(server.owner),
      action: `server.${entry.type}`,
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { requested: { type, ...auditableFirstBootFields(fields) }, jobId: job.id, via: actor.via, ...(preempts ? { slot: claim.slot, superseded: claim.supersededJobId ?? null } : {}) },
    });
    return job;
  });
  await enqueueJobRecord(queue, job);
  return job;
}
