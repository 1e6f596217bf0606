import type { Database } from "../database/client";
import { agentForHost } from "../hosts/agent-for-host";
import type { BerthSettings } from "../settings";
import { syncImageVersions } from "./sync-image-versions";

/** How often the worker asks every host for its images, so versions the agent pruned leave the panel. */
export const imageSyncIntervalMs = 60_000;

/** syncImageVersions for every active host; a host that does not answer keeps its rows and is named in the answer. */
export async function syncHostImages(database: Database, settings: Pick<BerthSettings, "encryptionKey">): Promise<string[]> {
  const unreachable: string[] = [];
  for (const host of await database.host.findMany({ where: { active: true } })) {
    try {
      await syncImageVersions(database, host.id, agentForHost(host, settings.encryptionKey));
    } catch (error) {
      unreachable.push(`${host.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return unreachable;
}
