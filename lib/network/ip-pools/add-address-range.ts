import { z } from "zod";
import { auditActor, type Actor } from "../../access/actor";
import { requireAdmin } from "../../access/require-admin";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Database } from "../../database/client";
import { AppError, parseInput } from "../../errors";
import { ipv4Range, ipv6Range } from "../address-range";

// One request adds at most this many addresses, so a typo cannot write a million rows.
const maxAddressesPerRange = 4096;

const ZPoolName = z.string().trim().min(1, "must not be empty").max(100).regex(/^[A-Za-z0-9._-]+$/, "may contain only letters, digits, dots, hyphens and underscores");

export const ZAddressRangeInput = z.discriminatedUnion("family", [
  z.object({
    family: z.literal(4),
    pool: ZPoolName,
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
    /** A /64 prefix, e.g. fd77:6265:7274:77::/64. */
    network: z.string().trim().min(1, "must not be empty"),
    gateway: z.string().trim().min(1, "must not be empty"),
    /** First and last interface id in hex, e.g. 10 and ff (prefix::10 … prefix::ff). */
    first: z.string().trim().regex(/^[0-9a-fA-F]{1,4}$/, "must be an interface id of 1 to 4 hex digits, e.g. 10"),
    last: z.string().trim().regex(/^[0-9a-fA-F]{1,4}$/, "must be an interface id of 1 to 4 hex digits, e.g. ff"),
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
 * Adds a range of addresses to a pool, creating the pool if it does not exist yet (admins only).
 * Idempotent: addresses the pool already has are skipped, so adding a range twice adds nothing.
 * An existing pool keeps its family, network and gateway; a range outside them is refused.
 */
export async function addAddressRange({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireAdmin(actor, "address pools");
  const parsed = parseInput(ZAddressRangeInput, input);
  const { network, gateway, addresses } = addressesOf(parsed);
  return database.$transaction(async (transaction) => {
    let pool = await transaction.ipPool.findUnique({ where: { name: parsed.pool } });
    if (pool && (pool.family !== parsed.family || pool.network !== network)) {
      throw new AppError("pool_mismatch", 409, `pool: ${pool.name} is the IPv${pool.family} pool of ${pool.network}; this range is IPv${parsed.family} in ${network}`, {
        field: "pool",
      });
    }
    const created = !pool;
    pool ??= await transaction.ipPool.create({ data: { name: parsed.pool, family: parsed.family, network, gateway } });
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
    return { pool, added: missing.length, skipped: addresses.length - missing.length };
  });
}
