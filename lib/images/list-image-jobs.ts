import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { jobView, type JobView } from "../servers/server-activity";
import { requireImageAdmin } from "./require-image-admin";

export interface ImageJobView {
  job: JobView;
  kind: "build" | "import";
  image: string;
}

// A finished job stays on the templates page this long, so its outcome (a refused tarball) is read.
const recentMs = 60 * 60_000;

/** The image builds and imports still running or finished within the hour, newest first (admins only). */
export async function listImageJobs({ database, actor, now = new Date() }: { database: Database; actor: Actor; now?: Date }): Promise<ImageJobView[]> {
  requireImageAdmin(actor);
  const jobs = await database.job.findMany({
    where: {
      type: { in: ["buildImage", "importImage"] },
      discardedAt: null,
      OR: [{ state: { in: ["queued", "running"] } }, { finishedAt: { gte: new Date(now.getTime() - recentMs) } }],
    },
    orderBy: { createdAt: "desc" },
    take: 10,
  });
  return jobs.map((job) => ({
    job: jobView(job, actor),
    kind: job.type === "buildImage" ? "build" : "import",
    image: (JSON.parse(job.payload) as { image: string }).image,
  }));
}
