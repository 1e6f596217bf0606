import type { Database, Transaction } from "../database/client";
import { AppError } from "../errors";

/** Which addresses a server may take: its host's pools of its plan's mode. */
export interface AddressSource {
  hostId: string;
  mode: string;
}

/** Where a server on this host, of this mode, finds a free address of the family. */
export function freeAddressWhere(family: 4 | 6, source: AddressSource) {
  return { serverId: null, pool: { family, hostId: source.hostId, mode: source.mode } };
}

/**
 * Gives the server one free address of the family from its host's pools of its plan's mode, or
 * keeps the one it already has (so a retried provisioning never takes a second). Must run inside
 * the placing transaction.
 */
export async function allocateAddress(transaction: Transaction, serverId: string, family: 4 | 6, source: AddressSource): Promise<void> {
  const held = await transaction.ipAddress.findFirst({ where: { serverId, pool: { family } } });
  if (held) return;
  const free = await transaction.ipAddress.findFirst({ where: freeAddressWhere(family, source), orderBy: { id: "asc" } });
  if (!free) throw new AppError("ip_pool_exhausted", 409, `No free IPv${family} address is left in the host's ${source.mode} pools`);
  const taken = await transaction.ipAddress.updateMany({
    where: { id: free.id, serverId: null },
    data: { serverId, assignedAt: new Date() },
  });
  if (taken.count !== 1) throw new AppError("address_conflict", 503, `IPv${family} address ${free.address} was taken concurrently; retrying`);
}

/** Returns every address of a server to its pool. */
export async function releaseAddresses(database: Pick<Database, "ipAddress">, serverId: string): Promise<number> {
  const released = await database.ipAddress.updateMany({ where: { serverId }, data: { serverId: null, assignedAt: null } });
  return released.count;
}
