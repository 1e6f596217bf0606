import { createDatabase } from "../lib/database/client";
import { createJobQueue } from "../lib/jobs/queue";
import { recoverUnfinishedJobs } from "../lib/jobs/recover-jobs";
import { startJobWorker } from "../lib/jobs/worker";
import { loadEnvironment } from "../lib/load-environment";
import { loadSettings } from "../lib/settings";

// The worker runs as its own process, never inside Next.js.
loadEnvironment();
const settings = loadSettings();
const database = createDatabase(settings.databaseUrl);
const worker = startJobWorker({ database, settings, concurrency: settings.workerConcurrency });
const queue = createJobQueue(settings.redisUrl);

const recovered = await recoverUnfinishedJobs(database, queue);
console.log(`[worker] ready on ${settings.redisUrl}; re-queued ${recovered} unfinished job(s)`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing running jobs`);
  await worker.close();
  await queue.close();
  await database.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
