import { createDatabase } from "../lib/database/client";
import { createJobQueue } from "../lib/jobs/queue";
import { reconcileIntervalMs, reconcileJobs } from "../lib/jobs/reconcile-jobs";
import { recoverUnfinishedJobs } from "../lib/jobs/recover-jobs";
import { imageSyncIntervalMs, syncHostImages } from "../lib/images/sync-host-images";
import { startJobWorker } from "../lib/jobs/worker";
import { collectUserDataResults, userDataCollectIntervalMs } from "../lib/servers/collect-user-data";
import { hostNetworkSyncIntervalMs, syncAllHostNetworks } from "../lib/network/host-network-sync";
import { collectUsage } from "../lib/usage/collect-usage";
import { loadEnvironment } from "../lib/load-environment";
import { loadSettings, redactedRedisUrl } from "../lib/settings";

// The worker runs as its own process, never inside Next.js.
loadEnvironment();
const settings = loadSettings();
const database = createDatabase(settings.databaseUrl);
const worker = startJobWorker({ database, settings, concurrency: settings.workerConcurrency });
const queue = createJobQueue(settings.redisUrl);

const recovered = await recoverUnfinishedJobs(database, queue);
console.log(`[worker] ready on ${redactedRedisUrl(settings.redisUrl)}; re-queued ${recovered} unfinished job(s)`);

// Job rows BullMQ failed without running their processor (stalled too often) or lost are settled
// every minute, so no server stays claimed by a job nobody runs.
let reconciling = false;
const reconciler = setInterval(() => {
  if (reconciling) return;
  reconciling = true;
  reconcileJobs({ database, settings, queue })
    .then(({ settled, requeued }) => {
      if (settled.length + requeued.length > 0) console.log(`[worker] reconciled jobs: settled ${settled.join(", ") || "none"}; re-queued ${requeued.join(", ") || "none"}`);
    })
    .catch((error: unknown) => console.error(`[worker] reconciling jobs failed: ${(error as Error).message}`))
    .finally(() => {
      reconciling = false;
    });
}, reconcileIntervalMs);

// The hosts' image versions, so the panel drops versions an agent pruned and counts their containers.
const imageSync = setInterval(() => {
  syncHostImages(database, settings)
    .then((failures) => failures.forEach((failure) => console.error(`[worker] syncing images of host ${failure}`)))
    .catch((error: unknown) => console.error(`[worker] syncing images failed: ${(error as Error).message}`));
}, imageSyncIntervalMs);

// First-boot scripts run in the VPS after its job has ended; their exit code and output are fetched here.
const userDataCollector = setInterval(() => {
  collectUserDataResults(database, settings).catch((error: unknown) => console.error(`[worker] collecting user data results failed: ${(error as Error).message}`));
}, userDataCollectIntervalMs);

// Every host's pools and port forwards, at start (a host's agent may have been set up meanwhile) and
// then now and again, so whatever drifted on a host is put right.
const syncNetworks = () =>
  syncAllHostNetworks(database, settings)
    .then((failures) => failures.forEach((failure) => console.error(`[worker] giving host ${failure} its network`)))
    .catch((error: unknown) => console.error(`[worker] syncing host networks failed: ${(error as Error).message}`));
void syncNetworks();
const networkSync = setInterval(syncNetworks, hostNetworkSyncIntervalMs);

// Usage counters of every server (graphs, monthly transfer and its allowance), one pass at a time.
let collecting = false;
const usageCollector = setInterval(() => {
  if (collecting) return;
  collecting = true;
  collectUsage({ database, queue, settings })
    .then(({ failures, limited }) => {
      failures.forEach((failure) => console.error(`[worker] reading usage of host ${failure}`));
      if (limited.length > 0) console.log(`[worker] transfer allowance used: limited ${limited.join(", ")}`);
    })
    .catch((error: unknown) => console.error(`[worker] collecting usage failed: ${(error as Error).message}`))
    .finally(() => {
      collecting = false;
    });
}, settings.usageIntervalSeconds * 1000);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing running jobs`);
  clearInterval(reconciler);
  clearInterval(imageSync);
  clearInterval(userDataCollector);
  clearInterval(networkSync);
  clearInterval(usageCollector);
  await worker.close();
  await queue.close();
  await database.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
