import { isIP } from "node:net";
import { z } from "zod";
import { isLinkLocal, networkContains, parseAddress, parseNetwork } from "../../../agent/network/addresses";
import { auditActor, type Actor } from "../../access/actor";
import { requireAdmin } from "../../access/require-admin";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Database } from "../../database/client";
import { AppError, parseInput } from "../../errors";
import type { JobQueue } from "../../jobs/queue";
import { enqueueJobRecord } from "../../jobs/submit-job";
import { recordHostNetworkSync } from "../host-network-sync";
import { ZInterfaceName, ZPoolMode } from "./pool-fields";

const ZEmptyIsNull = <T extends z.ZodType>(schema: T) => z.literal("").transform(() => null).or(schema);

export const ZIpPoolSettings = z.object({
  poolId: z.string().trim().min(1, "name the pool"),
  /** The host (by name) whose servers get the pool's addresses; only while none is assigned. */
  host: z.string().trim().min(1, "name the host").optional(),
  mode: ZPoolMode.optional(),
  /** The host's interface towards the internet; "" or null: none (the pool's servers stay on the bridge). */
  uplink: ZEmptyIsNull(ZInterfaceName).nullable().optional(),
  proxyNeighbour: z.boolean().optional(),
  /** NAT pools: the uplink address its servers appear as and port forwards answer on, shown to customers; "" or null: not shown. */
  publicAddress: ZEmptyIsNull(z.string().trim().refine((address) => isIP(address) !== 0, { message: "must be an IPv4 or IPv6 address" })).nullable().optional(),
  /** The servers' gateway, which the host takes on its bridge; only while no address is assigned (servers have it configured). */
  gateway: z.string().trim().min(1, "must not be empty").optional(),
  // Comma- or space-separated; resolv.conf honours three.
  resolvers: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().refine((address) => isIP(address) !== 0, { message: "each resolver must be an IPv4 or IPv6 address" })).max(3, "at most 3 resolvers"))
    .optional(),
});
export type TIpPoolSettings = z.input<typeof ZIpPoolSettings>;

function checkGateway(pool: { family: number; network: string; assignedPrefixLength: number }, gateway: string): string {
  let parsed;
  try {
    parsed = parseAddress(gateway);
  } catch {
    throw new AppError("invalid_request", 400, `gateway: "${gateway}" is not an IP address`, { field: "gateway" });
  }
  const network = parseNetwork(pool.network);
  const linkLocalAllowed = pool.family === 6 && pool.assignedPrefixLength < 128;
  if (parsed.family !== pool.family || !(networkContains(network, parsed) || (linkLocalAllowed && isLinkLocal(parsed)))) {
    throw new AppError("invalid_request", 400, `gateway: must be an IPv${pool.family} address inside ${pool.network}${linkLocalAllowed ? " or link-local (fe80::1)" : ""}`, { field: "gateway" });
  }
  return gateway.toLowerCase();
}

/**
 * Changes a pool's settings (admins only): its host and gateway while none of its addresses is
 * assigned; its mode, uplink, proxied neighbours and resolvers at any time (resolvers reach
 * servers at their next first boot or reinstall). The hosts concerned get their network again.
 */
export async function updateIpPool({ database, queue, actor, input }: { database: Database; queue: JobQueue; actor: Actor; input: unknown }) {
  requireAdmin(actor, "address pools");
  const { poolId, host: hostName, gateway, resolvers, ...settings } = parseInput(ZIpPoolSettings, input);
  const { pool, jobs } = await database.$transaction(async (transaction) => {
    const pool = await transaction.ipPool.findUnique({ where: { id: poolId } });
    if (!pool) throw new AppError("not_found", 404, `pool ${poolId} not found`);
    const assigned = await transaction.ipAddress.count({ where: { poolId, serverId: { not: null } } });
    const host = hostName === undefined ? undefined : await transaction.host.findFirst({ where: { name: hostName, active: true } });
    if (hostName !== undefined && !host) throw new AppError("unknown_host", 422, `host: no active host called "${hostName}"`, { field: "host" });
    const moving = host !== undefined && host?.id !== pool.hostId;
    const regateway = gateway !== undefined && gateway.toLowerCase() !== pool.gateway;
    if ((moving || regateway) && assigned > 0) {
      throw new AppError("pool_in_use", 409, `${moving ? "host" : "gateway"}: ${assigned} of the pool's addresses are assigned; it can change only while none is`, { field: moving ? "host" : "gateway" });
    }
    const updated = await transaction.ipPool.update({
      where: { id: poolId },
      data: {
        ...settings,
        ...(host ? { hostId: host.id } : {}),
        ...(regateway ? { gateway: checkGateway(pool, gateway) } : {}),
        ...(resolvers ? { resolvers: resolvers.join(",") } : {}),
      },
    });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "ip_pool.update",
      targetType: "ip_pool",
      targetId: pool.id,
      result: "success",
      details: {
        pool: pool.name,
        previous: { hostId: pool.hostId, mode: pool.mode, uplink: pool.uplink, proxyNeighbour: pool.proxyNeighbour, publicAddress: pool.publicAddress, gateway: pool.gateway, resolvers: pool.resolvers },
        changed: { ...settings, ...(host ? { host: host.name } : {}), ...(regateway ? { gateway } : {}), ...(resolvers ? { resolvers } : {}) },
      },
    });
    const hostIds = [...new Set([pool.hostId, updated.hostId].filter((id): id is string => id !== null))];
    return { pool: updated, jobs: await Promise.all(hostIds.map((hostId) => recordHostNetworkSync(transaction, hostId))) };
  });
  for (const job of jobs) await enqueueJobRecord(queue, job);
  return pool;
}
