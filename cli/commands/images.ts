import type { Actor } from "../../lib/access/actor";
import { imageVersionResource } from "../../lib/api/resources";
import type { Database } from "../../lib/database/client";
import { buildableImages } from "../../lib/images/image-fields";
import { listImageVersions } from "../../lib/images/list-image-versions";
import { requestImageBuild } from "../../lib/images/request-image-build";
import { requestImageImport } from "../../lib/images/request-image-import";
import { createJobQueue, type JobQueue } from "../../lib/jobs/queue";
import { loadSettings } from "../../lib/settings";
import { cliActor } from "../cli-actor";
import { followJob } from "../follow-job";
import { withDatabase } from "../open-database";
import { formatDate, printRows } from "../output";
import { parseFlags } from "../parse-flags";
import { UsageError } from "../usage-error";

const jobFlags = { host: { type: "string" }, "no-wait": { type: "boolean", default: false } } as const;

type ImageRequest = (options: { database: Database; queue: JobQueue; actor: Actor }) => Promise<{ id: string }>;

/** Queues an image job as the first admin, then (unless --no-wait) prints its progress until it ends; exit 1 if it fails. */
async function queueAndFollow(kind: "build" | "import", image: string, noWait: boolean, request: ImageRequest): Promise<number> {
  return withDatabase(async (database) => {
    const queue = createJobQueue(loadSettings().redisUrl);
    const job = await request({ database, queue, actor: await cliActor(database, undefined) }).finally(() => queue.close());
    console.log(`The ${kind} of image ${image} is queued: job ${job.id}`);
    if (noWait) return 0;
    const finished = await followJob(database, job.id, ({ progress, step }) => console.log(`${String(progress).padStart(3)}%  ${step ?? "waiting for a worker"}`));
    if (finished.state === "failed") {
      console.error(`berth: the ${kind} of image ${image} failed: ${finished.error ?? "no reason recorded"}`);
      return 1;
    }
    const newest = await database.imageVersion.findFirst({ where: { name: image }, orderBy: { version: "desc" }, include: { host: true } });
    const template = await database.template.findFirst({ where: { agentTemplate: image }, orderBy: { createdAt: "asc" } });
    console.log(`Image ${image} is ready: version ${newest?.version ?? "?"} (${newest?.osName ?? "?"}) on ${newest?.host.name ?? "?"}, ordered as template ${template?.slug ?? "(none)"}`);
    return 0;
  });
}

async function buildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("images build", args, jobFlags, 1);
  const [image] = positionals;
  if (!image) throw new UsageError(`"berth images build" needs the image's name: ${buildableImages.join(" or ")}`);
  return queueAndFollow("build", image, values["no-wait"], (options) => requestImageBuild({ ...options, input: { image, host: values.host } }));
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("images import", args, jobFlags, 2);
  const [image, path] = positionals;
  if (!image || !path) throw new UsageError(`"berth images import" needs the image's name and the tarball's absolute path on the host`);
  return queueAndFollow("import", image, values["no-wait"], (options) => requestImageImport({ ...options, input: { image, path, host: values.host } }));
}

async function listCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("images list", args, { json: { type: "boolean", default: false } });
  // The same rows as GET /api/v1/images, so scripts read one shape.
  const versions = await withDatabase(async (database) => listImageVersions({ database, actor: await cliActor(database, undefined) }));
  printRows(versions.map(imageVersionResource), [
    { header: "HOST", value: (row) => row.host },
    { header: "IMAGE", value: (row) => row.name },
    { header: "VERSION", value: (row) => row.version },
    { header: "OS", value: (row) => row.osName },
    { header: "SOURCE", value: (row) => row.source },
    { header: "SIZE", value: (row) => `${(row.sizeBytes / 2 ** 20).toFixed(1)} MiB` },
    { header: "SERVERS", value: (row) => row.servers },
    { header: "TEMPLATES", value: (row) => row.templates.join(",") },
    { header: "CREATED", value: (row) => formatDate(new Date(row.createdAt)) },
  ], { json: values.json, emptyMessage: "No images recorded yet; the worker asks the hosts every minute." });
  return 0;
}

export const imagesCommands = { build: buildCommand, import: importCommand, list: listCommand };
