import { z } from "zod";
import { auditActor, type Actor } from "../../access/actor";
import { requireAdmin } from "../../access/require-admin";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Database } from "../../database/client";
import { AppError, parseInput } from "../../errors";
import { formatAddress, formatNetwork, isLinkLocal, networkContains, parseAddress, parseNetwork } from "../../../agent/network/addresses";
import { namedOrOnlyHost } from "../../hosts/named-or-only-host";
import type { JobQueue } from "../../jobs/queue";
import { enqueueJobRecord } from "../../jobs/submit-job";
import { recordHostNetworkSync } from "../host-network-sync";
import { ipv4Range, ipv6Range } from "../address-range";
import { ZPoolMode } from "./pool-fields";

// One request adds at most this many addresses, so a typo cannot write a million rows.
const maxAddressesPerRange = 4096;

const ZPoolName = z.string().trim().min(1, "must not be empty").max(100).regex(/^[A-Za-z0-9._-]+$/, "may contain only letters, digits, dots, hyphens and underscores");

// Only when the range creates its pool: the host it belongs to (the only host when omitted) and its mode.
const poolCreation = {
  host: z.string().trim().min(1).optional().or(z.literal("").transform(() => undefined)),
  mode: ZPoolMode.optional().or(z.literal("").transform(() => undefined)),
};

export const ZAddressRangeInput = z.discriminatedUnion("family", [
  z.object({
    family: z.literal(4),
    pool: ZPoolName,
    ...poolCreation,
    /** The network in CIDR form, e.g. 10.77.0.0/24. */
    network: z.string().trim().min(1, "must not be empty"),
    gateway: z.string().trim().min(1, "must not be empty"),
    /** First and last host address of the range, e.g. 10.77.0.10 and 10.77.0.250. */
    first: z.string().trim().min(1, "must not be empty"),
    last: z.string().trim().min(1, "must not be empty"),
  }),
  z.object({
    family: z.literal(6),
    pool: ZPoolName,
    ...poolCreation,
    /** A /64 prefix, e.g. fd77:6265:7274:77::/64; for a prefix pool the prefix its servers' prefixes come from, e.g. 2001:db8:100::/48. */
    network: z.string().trim().min(1, "must not be empty"),
    gateway: z.string().trim().min(1, "must not be empty"),
    /**
     * 128 (default): each server gets one address and first/last are interface ids in hex (prefix::10 … prefix::ff);
     * 48 to 64: each server gets a prefix of that length and first/last number the prefixes in hex (2001:db8:100:1::/64 … :ff::/64).
     */
    prefixLength: z.number().int("must be a whole number").min(48, "must be 48 to 64, or 128 for one address per server").max(128).optional().or(z.nan().transform(() => undefined)),
    first: z.string().trim().regex(/^[0-9a-fA-F]{1,4}$/, "must be 1 to 4 hex digits, e.g. 10"),
    last: z.string().trim().regex(/^[0-9a-fA-F]{1,4}$/, "must be 1 to 4 hex digits, e.g. ff"),
  }),
]);
export type TAddressRangeInput = z.input<typeof ZAddressRangeInput>;

function ipv4Number(address: string, field: string): number {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    throw new AppError("invalid_request", 400, `${field}: "${address}" is not an IPv4 address`, { field });
  }
  return parts.reduce((total, part) => total * 256 + Number(part), 0);
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  const [head, tail, extra] = address.split("::");
  if (extra !== undefined) return null;
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tailGroups];
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
}

function range<T>(work: () => T, field: string): T {
  try {
    return work();
  } catch (error) {
    throw new AppError("invalid_request", 400, `${field}: ${(error as Error).message}`, { field });
  }
}

/** A prefix pool's network, gateway and the prefixes the input numbers (2001:db8:100:5::/64 for 5 in a /48 giving /64s). */
function prefixesOf(input: Extract<z.infer<typeof ZAddressRangeInput>, { family: 6 }>, prefixLength: number) {
  if (prefixLength > 64) throw new AppError("invalid_request", 400, "prefixLength: must be 48 to 64, or 128 for one address per server", { field: "prefixLength" });
  const network = range(() => parseNetwork(input.network), "network");
  if (network.family !== 6 || network.prefixLength < 32 || network.prefixLength >= prefixLength || prefixLength - network.prefixLength > 16) {
    throw new AppError("invalid_request", 400, `network: a prefix pool needs an IPv6 network from /32 to /${prefixLength - 1}, at most 16 bits shorter than the servers' /${prefixLength}`, { field: "network" });
  }
  const gateway = range(() => parseAddress(input.gateway), "gateway");
  if (gateway.family !== 6) throw new AppError("invalid_request", 400, `gateway: "${input.gateway}" is not an IPv6 address`, { field: "gateway" });
  if (!isLinkLocal(gateway) && !networkContains(network, gateway)) {
    throw new AppError("invalid_request", 400, `gateway: must be link-local (fe80::1, the usual one) or inside ${formatNetwork(network)}`, { field: "gateway" });
  }
  const first = parseInt(input.first, 16);
  const last = parseInt(input.last, 16);
  const count = 2 ** (prefixLength - network.prefixLength);
  if (first < 1) throw new AppError("invalid_request", 400, "first: prefixes are numbered from 1 (0 holds the gateway's network)", { field: "first" });
  if (last >= count) throw new AppError("invalid_request", 400, `last: a /${network.prefixLength} holds prefixes 1 to ${(count - 1).toString(16)} of /${prefixLength}`, { field: "last" });
  if (first > last) throw new AppError("invalid_request", 400, "last: must not come before first", { field: "last" });
  const step = 1n << BigInt(128 - prefixLength);
  const addresses = Array.from({ length: last - first + 1 }, (_, index) => formatNetwork({ family: 6, value: network.value + BigInt(first + index) * step, prefixLength }));
  return { network: formatNetwork(network), gateway: formatAddress(gateway), addresses };
}

/** The pool's network and the addresses the input names, without the gateway. */
function addressesOf(input: z.infer<typeof ZAddressRangeInput>): { network: string; gateway: string; addresses: string[] } {
  if (input.family === 4) {
    const prefixLength = Number(input.network.split("/")[1]);
    if (!input.network.includes("/") || !Number.isInteger(prefixLength) || prefixLength < 8 || prefixLength > 30) {
      throw new AppError("invalid_request", 400, "network: must be an IPv4 network in CIDR form between /8 and /30, e.g. 10.77.0.0/24", { field: "network" });
    }
    const size = 2 ** (32 - prefixLength);
    const base = Math.floor(ipv4Number(input.network.split("/")[0]!, "network") / size) * size;
    const offsetOf = (address: string, field: string) => {
      const offset = ipv4Number(address, field) - base;
      if (offset < 1 || offset > size - 2) throw new AppError("invalid_request", 400, `${field}: ${address} is not a host address of ${input.network}`, { field });
      return offset;
    };
    const gatewayOffset = offsetOf(input.gateway, "gateway");
    const first = offsetOf(input.first, "first");
    const last = offsetOf(input.last, "last");
    if (first > last) throw new AppError("invalid_request", 400, "last: must not come before first", { field: "last" });
    if (last - first + 1 > maxAddressesPerRange) throw new AppError("invalid_request", 400, `last: a range may hold at most ${maxAddressesPerRange} addresses`, { field: "last" });
    const { network, addresses } = range(() => ipv4Range(input.network, first, last), "network");
    const gateway = range(() => ipv4Range(input.network, gatewayOffset, gatewayOffset), "gateway").addresses[0]!;
    return { network, gateway, addresses: addresses.filter((address) => address !== gateway) };
  }
  if (input.prefixLength !== undefined && input.prefixLength !== 128) return prefixesOf(input, input.prefixLength);
  const first = parseInt(input.first, 16);
  const last = parseInt(input.last, 16);
  if (first < 1) throw new AppError("invalid_request", 400, "first: interface ids start at 1", { field: "first" });
  if (first > last) throw new AppError("invalid_request", 400, "last: must not come before first", { field: "last" });
  if (last - first + 1 > maxAddressesPerRange) throw new AppError("invalid_request", 400, `last: a range may hold at most ${maxAddressesPerRange} addresses`, { field: "last" });
  const { network, addresses } = range(() => ipv6Range(input.network.includes("/") ? input.network : `${input.network}/64`, first, last), "network");
  const gatewayGroups = ipv6Groups(input.gateway);
  if (!gatewayGroups) throw new AppError("invalid_request", 400, `gateway: "${input.gateway}" is not an IPv6 address`, { field: "gateway" });
  const gatewayNetwork = range(() => ipv6Range(`${input.gateway}/64`, 1, 1), "gateway").network;
  if (gatewayNetwork !== network) throw new AppError("invalid_request", 400, `gateway: ${input.gateway} is not inside ${network}`, { field: "gateway" });
  // Written the way ipv6Range writes addresses (prefix::id), so a gateway inside the range is left out.
  const gateway = gatewayGroups.slice(4, 7).every((group) => group === 0)
    ? `${network.replace("::/64", "")}::${gatewayGroups[7]!.toString(16)}`
    : input.gateway.toLowerCase();
  return { network, gateway, addresses: addresses.filter((address) => address !== gateway) };
}

/**
 * Adds a range of addresses (or, in an IPv6 prefix pool, prefixes) to a pool, creating the pool
 * if it does not exist yet, on the host named (admins only). Idempotent: addresses the pool
 * already has are skipped, so adding a range twice adds nothing. An existing pool keeps its
 * family, network, gateway, host and mode; a range outside them is refused.
 */
export async function addAddressRange({ database, queue, actor, input }: { database: Database; queue: JobQueue; actor: Actor; input: unknown }) {
  requireAdmin(actor, "address pools");
  const parsed = parseInput(ZAddressRangeInput, input);
  const { network, gateway, addresses } = addressesOf(parsed);
  const result = await database.$transaction(async (transaction) => {
    let pool = await transaction.ipPool.findUnique({ where: { name: parsed.pool } });
    const assignedPrefixLength = parsed.family === 6 ? (parsed.prefixLength ?? 128) : 128;
    if (pool && (pool.family !== parsed.family || pool.network !== network || pool.assignedPrefixLength !== assignedPrefixLength)) {
      throw new AppError("pool_mismatch", 409, `pool: ${pool.name} is the IPv${pool.family} pool of ${pool.network}${pool.assignedPrefixLength < 128 ? ` (prefixes of /${pool.assignedPrefixLength})` : ""}; this range is IPv${parsed.family} in ${network}`, {
        field: "pool",
      });
    }
    const created = !pool;
    if (!pool) {
      const host = await namedOrOnlyHost(transaction, parsed.host, "the pool");
      pool = await transaction.ipPool.create({ data: { name: parsed.pool, family: parsed.family, network, gateway, hostId: host.id, mode: parsed.mode ?? "nat", assignedPrefixLength } });
    }
    const existing = new Set(
      (await transaction.ipAddress.findMany({ where: { poolId: pool.id, address: { in: addresses } }, select: { address: true } })).map((row) => row.address),
    );
    const missing = addresses.filter((address) => !existing.has(address) && address !== pool.gateway);
    if (missing.length > 0) await transaction.ipAddress.createMany({ data: missing.map((address) => ({ poolId: pool.id, address })) });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "ip_pool.add_range",
      targetType: "ip_pool",
      targetId: pool.id,
      result: "success",
      details: { pool: pool.name, family: parsed.family, network, first: parsed.first, last: parsed.last, added: missing.length, skipped: addresses.length - missing.length, createdPool: created },
    });
    // A new pool puts its gateway on the host's bridge.
    const job = created && pool.hostId ? await recordHostNetworkSync(transaction, pool.hostId) : null;
    return { pool, added: missing.length, skipped: addresses.length - missing.length, job };
  });
  if (result.job) await enqueueJobRecord(queue, result.job);
  return result;
}
