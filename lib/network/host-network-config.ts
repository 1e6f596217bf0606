import type { HostNetworkConfig } from "../../agent/types";
import type { Database } from "../database/client";
import type { PoolMode } from "./ip-pools/pool-fields";

// Apart from the job that sends it (host-network-sync.ts): catalogue entries read this, and the
// job registry reads the catalogue.

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
