import { createDatabase } from "../lib/database/client";
import { createJobQueue } from "../lib/jobs/queue";
import { reconcileIntervalMs, reconcileJobs } from "../lib/jobs/reconcile-jobs";
import { recoverUnfinishedJobs } from "../lib/jobs/recover-jobs";
import { imageSyncIntervalMs, syncHostImages } from "../lib/images/sync-host-images";
import { startJobWorker, workerCloseTimeoutMs } from "../lib/jobs/worker";
import { collectUserDataResults, userDataCollectIntervalMs } from "../lib/servers/collect-user-data";
import { hostNetworkSyncIntervalMs, syncAllHostNetworks } from "../lib/network/host-network-sync";
import { collectUsage } from "../lib/usage/collect-usage";
import { loadEnvironment } from "../lib/load-environment";
import { configureLogger } from "../lib/logging/logger";
import { repeatTasks } from "../lib/jobs/repeat";
import { sendDueMail } from "../lib/mail/send-due-mail";
import { deliverDueWebhooks } from "../lib/webhooks/deliver-webhooks";
import { loadSettings, redactedRedisUrl } from "../lib/settings";
import { Redis } from "ioredis";
import { hostname } from "node:os";
import { reconcileServers } from "../lib/reconciliation/reconcile-servers";
import { recordHostHeartbeats } from "../lib/hosts/record-host-heartbeats";

// The worker runs as its own process, never inside Next.js.
loadEnvironment();
const log = configureLogger("worker");
const settings = loadSettings();
const database = createDatabase(settings.databaseUrl);
const worker = startJobWorker({ database, settings, concurrency: settings.workerConcurrency });
const queue = createJobQueue(settings.redisUrl);
// The upkeep's connection: its leases, so with several workers each periodic task runs once per
// interval (lib/jobs/repeat.ts), and the reconciler's host locks and remembered findings.
const upkeepRedis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 });
upkeepRedis.on("error", (error) => log.error({ err: error }, "upkeep redis connection"));
const workerName = `${hostname()}:${process.pid}`;

const recovered = await recoverUnfinishedJobs(database, queue);
log.info({ redis: redactedRedisUrl(settings.redisUrl), requeued: recovered, worker: workerName }, "ready");

const stopUpkeep = repeatTasks([
  {
    // Every active host's agent is asked for its health; one silent for BERTH_HOST_DOWN_SECONDS
    // goes down (its servers show status unknown, placement skips it) until it answers again.
    name: "host heartbeats",
    intervalMs: settings.hostHeartbeatSeconds * 1000,
    atStart: true,
    async run() {
      for (const change of await recordHostHeartbeats({ database, settings })) {
        console.log(`[worker] host ${change.host} is ${change.health}${change.message ? `: ${change.message}` : ""}`);
      }
    },
  },
  {
    // Job rows BullMQ failed without running their processor (stalled too often) or lost are
    // settled every minute, so no server stays claimed by a job nobody runs.
    name: "reconciling jobs",
    intervalMs: reconcileIntervalMs,
    async run() {
      const { settled, requeued } = await reconcileJobs({ database, settings, queue });
      if (settled.length + requeued.length > 0) log.info({ settled, requeued }, "reconciled jobs");
    },
  },
  {
    // The hosts' image versions, so the panel drops versions an agent pruned and counts their containers.
    name: "syncing images",
    intervalMs: imageSyncIntervalMs,
    run: async () => (await syncHostImages(database, settings)).forEach((failure) => log.error({ failure }, "syncing a host's images failed")),
  },
  {
    // First-boot scripts run in the VPS after its job has ended; their exit code and output are fetched here.
    name: "collecting user data results",
    intervalMs: userDataCollectIntervalMs,
    run: async () => void (await collectUserDataResults(database, settings)),
  },
  {
    // Every host's pools and port forwards, at start (a host's agent may have been set up
    // meanwhile) and then now and again, so whatever drifted on a host is put right.
    name: "syncing host networks",
    intervalMs: hostNetworkSyncIntervalMs,
    atStart: true,
    run: async () => (await syncAllHostNetworks(database, settings)).forEach((failure) => log.error({ failure }, "giving a host its network failed")),
  },
  {
    // Usage counters of every server (graphs, monthly transfer and its allowance).
    name: "collecting usage",
    intervalMs: settings.usageIntervalSeconds * 1000,
    async run() {
      const { failures, limited } = await collectUsage({ database, queue, settings });
      failures.forEach((failure) => log.error({ failure }, "reading a host's usage failed"));
      if (limited.length > 0) log.info({ limited }, "transfer allowance used up");
    },
  },
  {
    // What each host's agent reports against what the database wants: drifted limits and power
    // states are repaired, containers, subvolumes and addresses nobody owns are reported (audit log).
    name: "reconciling servers",
    intervalMs: settings.reconcileSeconds * 1000,
    async run() {
      const { hosts, failures } = await reconcileServers({ database, settings, redis: upkeepRedis });
      failures.forEach((failure) => log.error({ failure }, "reconciling a host failed"));
      for (const host of hosts) {
        const changes = [...host.repaired.map((repair) => `${repair.kind} ${repair.serverId}`), ...host.markedMissing.map((id) => `missing ${id}`), ...host.reported.map((finding) => `${finding.action} ${finding.subject}`)];
        if (changes.length > 0) log.info({ host: host.name, changes }, "reconciled host");
      }
    },
  },
  {
    // The mail outbox: written with whatever caused a mail, sent from here (or marked "off" without SMTP).
    name: "sending mail",
    intervalMs: 1000,
    atStart: true,
    run: async () => void (await sendDueMail({ database, settings })),
  },
  {
    // Outgoing webhooks, each retried on its schedule until it is answered with a 2xx or runs out.
    name: "delivering webhooks",
    intervalMs: 1000,
    atStart: true,
    run: async () => void (await deliverDueWebhooks({ database, settings })),
  },
], { redis: upkeepRedis, holder: workerName });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "finishing running jobs");
  // Bounded even when Redis or the database does not answer: queue.close() waits for Redis too.
  // Under up.sh's and systemd's SIGKILL deadlines (10 s, TimeoutStopSec).
  setTimeout(() => {
    log.warn("shutdown took too long; exiting");
    process.exit(1);
  }, workerCloseTimeoutMs + 2000).unref();
  stopUpkeep();
  await worker.close();
  await queue.close();
  upkeepRedis.disconnect();
  await database.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
