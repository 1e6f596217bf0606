import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { ZImageImportInput } from "./image-fields";
import { queueImageJob } from "./queue-image-job";
import { requireImageAdmin } from "./require-image-admin";

/**
 * Queues the import of a root file system tarball as image `image` (admins only): the job, to
 * follow. `path` is on the host's own file system, where its agent reads it.
 */
export async function requestImageImport({ database, queue, actor, input }: { database: Database; queue: JobQueue; actor: Actor; input: unknown }) {
  requireImageAdmin(actor);
  const { image, path, host } = parseInput(ZImageImportInput, input);
  return queueImageJob({ database, queue, actor, host, request: { kind: "import", image, path } });
}
