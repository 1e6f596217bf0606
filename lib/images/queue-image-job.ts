import { auditActor, type Actor } from "../access/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database, Transaction } from "../database/client";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";
import { namedOrOnlyHost } from "../hosts/named-or-only-host";

/** A build of one of the agents' own images, or the import of a tarball on the host. */
export type ImageJobRequest = { kind: "build"; image: string } | { kind: "import"; image: string; path: string };

function createImageJob(transaction: Transaction, hostId: string, request: ImageJobRequest) {
  return request.kind === "build"
    ? createJobRecord(transaction, "buildImage", { hostId, image: request.image }, {})
    : createJobRecord(transaction, "importImage", { hostId, image: request.image, path: request.path }, {});
}

/** Writes the image job, on the chosen host, and its audit event (image.build / image.import) in one transaction, then queues it. */
export async function queueImageJob({ database, queue, actor, host: hostName, request }: { database: Database; queue: JobQueue; actor: Actor; host: string | undefined; request: ImageJobRequest }) {
  const job = await database.$transaction(async (transaction) => {
    const host = await namedOrOnlyHost(transaction, hostName, "the image");
    const job = await createImageJob(transaction, host.id, request);
    const { kind, image, ...details } = request;
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: `image.${kind}`,
      targetType: "image",
      targetId: image,
      result: "success",
      details: { host: host.name, jobId: job.id, ...details },
    });
    return job;
  });
  await enqueueJobRecord(queue, job);
  return job;
}
