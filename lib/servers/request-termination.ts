import { auditActor, isOperatorOf, type Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";
import { claimServerForJob } from "./claim-server";

export interface RequestTerminationOptions {
  database: Database;
  queue: JobQueue;
  actor: Actor;
  serverId: string;
}

/**
 * Queues the irreversible end of a server: container and subvolume destroyed, addresses back
 * in the pool, record and audit trail kept. Safe to repeat: a server already terminated, or
 * being terminated, answers with the job that did or does it.
 */
export async function requestTermination({ database, queue, actor, serverId }: RequestTerminationOptions) {
  const server = await findServerFor(database, actor, serverId);
  const previous = await database.job.findFirst({
    where: { serverId, type: "serverAction", payload: { contains: '"type":"terminate"' }, state: { not: "failed" } },
    orderBy: { createdAt: "desc" },
  });
  if (previous && (server.status === "terminated" || server.activeJobId === previous.id)) return previous;
  if (server.suspended && !isOperatorOf(actor, server.owner)) {
    throw new AppError("server_suspended", 409, "This server is suspended; ask your provider to terminate it");
  }
  if (server.status === "pending" || server.status === "provisioning") {
    throw new AppError("server_not_ready", 409, "This server is still being provisioned; terminate it when that has finished");
  }

  const job = await database.$transaction(async (transaction) => {
    const job = await createJobRecord(transaction, "serverAction", { serverId, action: { type: "terminate" } }, { serverId });
    await claimServerForJob(transaction, serverId, job.id);
    await transaction.server.update({ where: { id: serverId }, data: { desiredState: "terminated" } });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(server.owner),
      action: "server.terminate",
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { jobId: job.id, via: actor.via },
    });
    return job;
  });
  await enqueueJobRecord(queue, job);
  return job;
}
