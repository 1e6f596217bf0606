import type { Database, Transaction } from "../database/client";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { createJobRecord } from "../jobs/submit-job";
import type { BerthSettings } from "../settings";
import { hostNetworkConfig } from "./host-network-config";

/** How often the worker gives every host its network again, repairing whatever drifted there. */
export const hostNetworkSyncIntervalMs = 5 * 60_000;

/** A job that gives the host its network again, recorded in the caller's transaction (queue it after the commit). */
export function recordHostNetworkSync(transaction: Transaction, hostId: string) {
  return createJobRecord(transaction, "syncHostNetwork", { hostId }, {});
}

/** The job: the host's whole configuration, every time (the agent applies it idempotently). */
export async function syncHostNetwork({ hostId }: { hostId: string }, context: JobContext): Promise<void> {
  const host = await context.database.host.findUniqueOrThrow({ where: { id: hostId } });
  const agent = agentForHost(host, context.settings.encryptionKey, { onOperation: context.noteAgentOperation });
  await agent.setHostNetwork(await hostNetworkConfig(context.database, hostId));
}

/** Every active host's network, from the worker's loop; a host that does not answer is named in the answer. */
export async function syncAllHostNetworks(database: Database, settings: Pick<BerthSettings, "encryptionKey">): Promise<string[]> {
  const failures: string[] = [];
  for (const host of await database.host.findMany({ where: { active: true } })) {
    try {
      await agentForHost(host, settings.encryptionKey).setHostNetwork(await hostNetworkConfig(database, host.id));
    } catch (error) {
      failures.push(`${host.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
