import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import type { BerthSettings } from "../settings";
import { checkHostHealth } from "./check-host-health";

export interface HealthChange {
  host: string;
  health: "up" | "down";
  message: string | null;
}

/**
 * One heartbeat round (the worker's, every BERTH_HOST_HEARTBEAT_SECONDS): asks every active
 * host's agent for its health, all at once. An answer sets lastSeenAt and "up"; a host silent for
 * BERTH_HOST_DOWN_SECONDS goes "down" with the reason. Each change is conditional on the health
 * it saw and recorded in the audit log, so two workers never record one change twice.
 */
export async function recordHostHeartbeats({ database, settings }: { database: Database; settings: Pick<BerthSettings, "encryptionKey" | "hostDownSeconds"> }): Promise<HealthChange[]> {
  const hosts = await database.host.findMany({ where: { active: true } });
  const changes = await Promise.all(
    hosts.map(async (host): Promise<HealthChange | null> => {
      const health = await checkHostHealth(host, settings.encryptionKey);
      const now = new Date();
      if (health.reachable) {
        if (host.health !== "down") {
          await database.host.update({ where: { id: host.id }, data: { lastSeenAt: now, healthMessage: null } });
          return null;
        }
        return changeHealth(database, host, { health: "up", lastSeenAt: now, healthMessage: null });
      }
      const silentSince = host.lastSeenAt ?? host.joinedAt ?? host.createdAt;
      const silentSeconds = Math.round((now.getTime() - silentSince.getTime()) / 1000);
      const message = `no answer for ${silentSeconds} s: ${health.error}`;
      if (host.health === "down" || silentSeconds < settings.hostDownSeconds) {
        await database.host.update({ where: { id: host.id }, data: { healthMessage: message } });
        return null;
      }
      return changeHealth(database, host, { health: "down", healthMessage: message });
    }),
  );
  return changes.filter((change): change is HealthChange => change !== null);
}

async function changeHealth(
  database: Database,
  host: { id: string; name: string; health: string },
  data: { health: "up" | "down"; healthMessage: string | null; lastSeenAt?: Date },
): Promise<HealthChange | null> {
  return database.$transaction(async (transaction) => {
    const { count } = await transaction.host.updateMany({ where: { id: host.id, health: host.health }, data });
    if (count === 0) return null;
    await recordAuditEvent(transaction, {
      actorType: "worker",
      action: `host.${data.health}`,
      targetType: "host",
      targetId: host.id,
      result: data.health === "up" ? "success" : "failure",
      details: { name: host.name, message: data.healthMessage },
    });
    return { host: host.name, health: data.health, message: data.healthMessage };
  });
}
