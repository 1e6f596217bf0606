import type { HostNetworkConfig } from "../../agent/types";
import type { Database, Transaction } from "../database/client";
import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { createJobRecord } from "../jobs/submit-job";
import type { BerthSettings } from "../settings";
import type { PoolMode } from "./ip-pools/pool-fields";

/** How often the worker gives every host its network again, repairing whatever drifted there. */
export const hostNetworkSyncIntervalMs = 5 * 60_000;

/** What a host's agent needs to know of its pools and port forwards (PUT /v1/network). */
export async function hostNetworkConfig(database: Database, hostId: string): Promise<HostNetworkConfig> {
  const [pools, forwards] = await Promise.all([
    database.ipPool.findMany({ where: { hostId }, orderBy: { name: "asc" } }),
    database.portForward.findMany({
      where: { hostId, server: { status: { not: "terminated" } } },
      include: { server: { include: { addresses: { include: { pool: true } } } } },
      orderBy: { publicPort: "asc" },
    }),
  ]);
  return {
    pools: pools.map((pool) => ({
      name: pool.name,
      family: pool.family as 4 | 6,
      mode: pool.mode as PoolMode,
      network: pool.network,
      gateway: pool.gateway,
      uplink: pool.uplink,
      proxyNeighbour: pool.proxyNeighbour,
    })),
    portForwards: forwards.flatMap((forward) => {
      const address = forward.server.addresses.find((held) => held.pool.family === 4);
      return address ? [{ protocol: forward.protocol as "tcp" | "udp", publicPort: forward.publicPort, address: address.address, port: forward.privatePort }] : [];
    }),
  };
}

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
