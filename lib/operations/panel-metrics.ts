import type { Redis } from "ioredis";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Database } from "../database/client";
import { jobStates, serverStatuses } from "../domain/statuses";
import type { JobQueue } from "../jobs/queue";
import { jobRegistry } from "../jobs/registry";
import { readProvisioningHistogram, type ProvisioningHistogram } from "./provisioning-latency";

export interface PanelMetricsSources {
  database: Database;
  queue: Pick<JobQueue, "depth">;
  redis: Redis;
}

export const hostStates = ["active", "draining", "maintenance", "inactive"] as const;
const hostHealths = ["up", "down"] as const;

/** One state per host, the one that matters most to placement first. */
function hostState(host: { active: boolean; draining: boolean; maintenanceNotice: string | null }): (typeof hostStates)[number] {
  if (!host.active) return "inactive";
  if (host.maintenanceNotice !== null) return "maintenance";
  return host.draining ? "draining" : "active";
}

// The process's own metrics (CPU, memory, event loop), kept across scrapes.
const shared = globalThis as unknown as { berthProcessMetrics?: Registry };
function processMetrics(): Registry {
  if (!shared.berthProcessMetrics) {
    shared.berthProcessMetrics = new Registry();
    collectDefaultMetrics({ register: shared.berthProcessMetrics, prefix: "berth_panel_" });
  }
  return shared.berthProcessMetrics;
}

function gauge(registry: Registry, name: string, help: string, labelNames: string[]) {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

// prom-client cannot take a histogram's buckets as counted elsewhere (Redis), so it is written here.
function histogramText(name: string, help: string, histogram: ProvisioningHistogram): string {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} histogram`,
    ...histogram.buckets.map((bucket) => `${name}_bucket{le="${bucket.le}"} ${bucket.count}`),
    `${name}_bucket{le="+Inf"} ${histogram.count}`,
    `${name}_sum ${histogram.sum}`,
    `${name}_count ${histogram.count}`,
  ].join("\n");
}

/**
 * The panel's metrics in Prometheus's text format, read at scrape time: a few grouped counts from
 * the database, BullMQ's counts and the provisioning histogram from Redis, the process's metrics.
 * Every known kind, state and status is written, with 0 when there is none.
 */
export async function renderPanelMetrics(sources: PanelMetricsSources): Promise<{ contentType: string; text: string }> {
  const { database } = sources;
  const [jobs, servers, hosts, depth, provisioning] = await Promise.all([
    database.job.groupBy({ by: ["type", "state"], _count: { _all: true } }),
    database.server.groupBy({ by: ["status"], _count: { _all: true } }),
    database.host.findMany({ select: { health: true, active: true, draining: true, maintenanceNotice: true } }),
    sources.queue.depth(),
    readProvisioningHistogram(sources.redis),
  ]);

  const registry = new Registry();
  const jobCount = gauge(registry, "berth_jobs", "Job rows by kind and state (queued, running, completed, failed)", ["kind", "state"]);
  for (const kind of Object.keys(jobRegistry)) for (const state of jobStates) jobCount.set({ kind, state }, 0);
  for (const row of jobs) jobCount.set({ kind: row.type, state: row.state }, row._count._all);

  const queueDepth = gauge(registry, "berth_queue_depth", "Jobs BullMQ holds by state", ["state"]);
  for (const [state, count] of Object.entries(depth)) queueDepth.set({ state }, count);

  const hostCount = gauge(registry, "berth_hosts", "Hosts by health (heartbeats) and state (active, draining, maintenance, inactive = not joined)", ["health", "state"]);
  for (const health of hostHealths) for (const state of hostStates) hostCount.set({ health, state }, 0);
  for (const host of hosts) hostCount.inc({ health: host.health, state: hostState(host) });

  const serverCount = gauge(registry, "berth_servers", "Servers by status", ["status"]);
  for (const status of serverStatuses) serverCount.set({ status }, 0);
  for (const row of servers) serverCount.set({ status: row.status }, row._count._all);

  const provisioningText = histogramText("berth_provisioning_seconds", "Time from order to running server, seconds (recorded by the worker as each setup job ends)", provisioning);
  const text = [await registry.metrics(), `${provisioningText}\n`, await processMetrics().metrics()].join("\n");
  return { contentType: registry.contentType, text };
}
