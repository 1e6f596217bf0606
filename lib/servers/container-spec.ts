import type { ContainerNetwork, ContainerSpec, FirstBootSettings } from "../../agent/types";
import type { Database } from "../database/client";
import { parseInterfaceAddress } from "../network/address-range";
import { delegatedPrefixOf, serverAddressOf } from "../network/server-addresses";
import type { TFirstBootPayload } from "./first-boot-input";
import { planLimits } from "./plan-limits";

// resolv.conf honours three name servers.
const maximumResolvers = 3;

type HeldAddress = { address: string; pool: { family: number; network: string; gateway: string } };

/** The container's addresses and gateways from its address rows (one per family). */
export function containerNetworkOf(addresses: readonly HeldAddress[], serverId: string): ContainerNetwork {
  const address = (family: 4 | 6) => {
    const held = addresses.find((candidate) => candidate.pool.family === family);
    if (!held) throw new Error(`server ${serverId} has no IPv${family} address`);
    const prefix = delegatedPrefixOf(held);
    // From a prefix pool, the server's address sits in its own prefix (the gateway is link-local).
    const prefixLength = prefix ? parseInterfaceAddress(prefix).prefixLength : parseInterfaceAddress(held.pool.network).prefixLength;
    return { cidr: `${serverAddressOf(held)}/${prefixLength}`, gateway: held.pool.gateway, prefix };
  };
  const ipv4 = address(4);
  const ipv6 = address(6);
  return { ipv4: ipv4.cidr, gateway4: ipv4.gateway, ipv6: ipv6.cidr, gateway6: ipv6.gateway, ...(ipv6.prefix ? { ipv6Prefix: ipv6.prefix } : {}) };
}

/**
 * What the agent needs to build a server's container, read from the database; with `firstBoot`
 * (create, reinstall) also what to write into the new system, resolvers from its address pools.
 */
export async function containerSpecFor(database: Database, serverId: string, firstBoot?: TFirstBootPayload): Promise<ContainerSpec> {
  const server = await database.server.findUniqueOrThrow({
    where: { id: serverId },
    include: { plan: true, template: true, addresses: { include: { pool: true } } },
  });
  if (server.idmapBase == null) throw new Error(`server ${serverId} has no id range`);
  const resolvers = [...new Set(server.addresses.flatMap((held) => held.pool.resolvers.split(",")).map((entry) => entry.trim()).filter(Boolean))];
  const firstBootSettings: FirstBootSettings | undefined = firstBoot && { ...firstBoot, resolvers: resolvers.slice(0, maximumResolvers) };
  return {
    name: server.containerName,
    template: server.template.agentTemplate,
    hostname: server.hostname,
    idmapBase: server.idmapBase,
    limits: planLimits(server.plan),
    network: containerNetworkOf(server.addresses, serverId),
    ...(firstBootSettings ? { firstBoot: firstBootSettings } : {}),
  };
}
