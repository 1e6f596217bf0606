import type { AgentClient, ImageBuild } from "../../agent/client";
import { AppError } from "../errors";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { ensureImageTemplate } from "./ensure-image-template";
import { removeImageUpload } from "./image-uploads";
import { syncImageVersions } from "./sync-image-versions";

const pollIntervalMs = 1000;

/** What the admin reads of a failed build: a refused tarball says so, anything else names the job. */
function failureText(build: ImageBuild): string {
  const reason = build.error?.message ?? "the agent gave no reason";
  return build.kind === "import" && build.error?.code === "invalid_image" ? `tarball refused: ${reason}` : `the ${build.kind} of image ${build.image} failed: ${reason}`;
}

/**
 * Starts (or, on a retry, finds again: the build id is the job's id, and the agent answers a
 * running or finished build as it is) an agent's image build or import, follows it to its end
 * with the agent's percent and step, then records the host's image versions and makes the image
 * orderable. A build that takes many minutes is fine: BullMQ renews the job's lock while this
 * awaits, and no request here waits on the build itself. The agent's own failure (a refused
 * tarball, a failed debootstrap) fails the job for good with the agent's message, which admins read.
 */
async function runImageJob(context: JobContext, hostId: string, image: string, start: (agent: AgentClient, buildId: string) => Promise<ImageBuild>): Promise<void> {
  const host = await context.database.host.findUniqueOrThrow({ where: { id: hostId } });
  const agent = agentForHost(host, context.settings.encryptionKey, { onOperation: context.noteAgentOperation });
  let build = await start(agent, context.jobRecordId);
  let reported = "";
  while (build.state === "running") {
    // Up to 95: recording the versions and the template is what remains once the agent is done.
    const progress = Math.max(0, Math.min(95, Math.round(build.percent)));
    const now = `${progress} ${build.step}`;
    if (now !== reported) await context.reportProgress(progress, build.step);
    reported = now;
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    build = await agent.imageBuild(build.id);
  }
  if (build.state === "failed") throw new AppError("image_failed", 422, failureText(build), { agentCode: build.error?.code });
  await context.reportProgress(97, "Recording the image's versions");
  const images = await syncImageVersions(context.database, hostId, agent);
  const newest = images.filter((stored) => stored.name === image).at(-1);
  if (!newest) throw new AppError("image_missing", 422, `the agent finished ${image} but does not list it`);
  await ensureImageTemplate(context.database, image, newest.os.prettyName);
}

export async function buildImage({ hostId, image }: { hostId: string; image: string }, context: JobContext): Promise<void> {
  await runImageJob(context, hostId, image, (agent, buildId) => agent.startImageBuild(image, buildId));
}

export async function importImage({ hostId, image, path }: { hostId: string; image: string; path: string }, context: JobContext): Promise<void> {
  await runImageJob(context, hostId, image, (agent, buildId) => agent.startImageImport(image, { buildId, path }));
  await removeImageUpload(context.settings, path);
}

/** A tarball uploaded through the panel is not kept once its import has failed for good (it would fail again). */
export async function abandonImageImport({ path }: { path: string }, context: JobContext): Promise<void> {
  await removeImageUpload(context.settings, path);
}
