import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";
import { reconcileHost, type HostReconciliation } from "./reconcile-host";
import { releaseStaleRepairClaims } from "./repair-claim";

export interface ReconcileServersOptions {
  database: Database;
  settings: BerthSettings;
  redis: Redis;
}

export interface ReconcileServersResult {
  hosts: Array<{ hostId: string; name: string } & HostReconciliation>;
  /** "<host>: <reason>" for each host whose pass failed (agent unreachable, an error half-way). */
  failures: string[];
  /** Hosts another pass was reconciling at the same moment. */
  skipped: string[];
}

// Longer than any pass over one host; a lock a dead worker left expires on its own.
const hostLockMs = 5 * 60_000;
const unlockScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * One reconciliation pass: for every active host whose health is up, what its agent reports is
 * compared with what the database wants (reconcile-host.ts). Down hosts are left alone (their
 * servers show unknown until the host answers again). A host another worker is reconciling is
 * skipped (a lock in Redis); every repair is idempotent anyway, so two passes at once are safe.
 */
export async function reconcileServers({ database, settings, redis }: ReconcileServersOptions): Promise<ReconcileServersResult> {
  await releaseStaleRepairClaims(database);
  const hosts = await database.host.findMany({ where: { active: true, health: "up" }, orderBy: { name: "asc" } });
  const result: ReconcileServersResult = { hosts: [], failures: [], skipped: [] };
  for (const host of hosts) {
    const lockKey = `berth:reconcile:lock:${host.id}`;
    const token = randomUUID();
    if ((await redis.set(lockKey, token, "PX", hostLockMs, "NX")) !== "OK") {
      result.skipped.push(host.name);
      continue;
    }
    try {
      result.hosts.push({ hostId: host.id, name: host.name, ...(await reconcileHost({ database, settings, redis, host })) });
    } catch (error) {
      result.failures.push(`${host.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await redis.eval(unlockScript, 1, lockKey, token);
    }
  }
  return result;
}
