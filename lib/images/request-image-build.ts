import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { buildableImages, ZImageBuildInput } from "./image-fields";
import { queueImageJob } from "./queue-image-job";
import { requireImageAdmin } from "./require-image-admin";

/** Queues a build of one of the agents' own images (debian-12, debian-13) on a host (admins only): the job, to follow. */
export async function requestImageBuild({ database, queue, actor, input }: { database: Database; queue: JobQueue; actor: Actor; input: unknown }) {
  requireImageAdmin(actor);
  const { image, host } = parseInput(ZImageBuildInput, input);
  if (!buildableImages.includes(image)) {
    throw new AppError("unknown_image", 422, `image: the agents build only ${buildableImages.join(", ")}; import any other image`, { field: "image", choices: buildableImages });
  }
  return queueImageJob({ database, queue, actor, host, request: { kind: "build", image } });
}
