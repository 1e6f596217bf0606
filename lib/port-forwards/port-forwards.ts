import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { isUniqueViolation } from "../database/unique-violation";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { enqueueJobRecord } from "../jobs/submit-job";
import { recordHostNetworkSync } from "../network/host-network-sync";

/** At most this many forwards per server. */
export const maximumPortForwards = 64;

const ZPort = z.number().int("must be a whole number").min(1, "must be 1 to 65535").max(65535, "must be 1 to 65535");

export const ZPortForward = z.object({
  protocol: z.enum(["tcp", "udp"], { message: "must be tcp or udp" }),
  /** The port on the host's uplink address. */
  publicPort: ZPort,
  /** The server's own port it reaches. */
  port: ZPort,
});

export const ZPortForwardsInput = z.object({
  portForwards: z
    .array(ZPortForward)
    .max(maximumPortForwards, `at most ${maximumPortForwards} forwards`)
    .refine((forwards) => new Set(forwards.map((forward) => `${forward.protocol}/${forward.publicPort}`)).size === forwards.length, {
      message: "a public port may be forwarded once per protocol",
    }),
});
export type TPortForwardsInput = z.input<typeof ZPortForwardsInput>;

export const ZPortForwardsResource = z.object({
  publicAddress: z.string().nullable().describe("the host address the forwards answer on, when the admin has named it"),
  portForwards: z.array(ZPortForward),
});

async function forwardsOf(database: Database, server: { id: string; addresses: Array<{ pool: { family: number; publicAddress: string | null } }> }) {
  const rows = await database.portForward.findMany({ where: { serverId: server.id }, orderBy: [{ protocol: "asc" }, { publicPort: "asc" }] });
  return {
    publicAddress: server.addresses.find((held) => held.pool.family === 4)?.pool.publicAddress ?? null,
    portForwards: rows.map((row) => ({ protocol: row.protocol as "tcp" | "udp", publicPort: row.publicPort, port: row.privatePort })),
  };
}

/** A server's port forwards, for anyone who may see the server. */
export async function readPortForwards({ database, actor, serverId }: { database: Database; actor: Actor; serverId: string }) {
  return forwardsOf(database, await findServerFor(database, actor, serverId));
}

/**
 * Replaces a NAT server's port forwards (admins only: the host's ports are the provider's). A
 * public port is the host's: one used by another server is 409 port_taken and nothing changes.
 * The host gets its network again.
 */
export async function setPortForwards({ database, queue, actor, serverId, input }: { database: Database; queue: JobQueue; actor: Actor; serverId: string; input: unknown }) {
  const server = await findServerFor(database, actor, serverId);
  if (actor.role !== "admin") throw new AppError("forbidden", 403, "Port forwards are given by the platform's admin; ask your provider");
  const { portForwards } = parseInput(ZPortForwardsInput, input);
  const ipv4 = server.addresses.find((held) => held.pool.family === 4);
  if (!server.hostId || !ipv4 || server.status === "terminated") throw new AppError("server_not_ready", 409, "Port forwards need a server that has been placed on a host", { status: server.status });
  if (ipv4.pool.mode !== "nat") throw new AppError("not_nat", 409, "Port forwards are for servers with a NAT address; this one's address is routed and reachable as it is");
  const hostId = server.hostId;
  const portTaken = (forward: { protocol: string; publicPort: number }) =>
    new AppError("port_taken", 409, `portForwards: ${forward.protocol} port ${forward.publicPort} of this host is forwarded to another server`, { field: "portForwards" });
  const job = await database.$transaction(async (transaction) => {
    const taken = await transaction.portForward.findFirst({
      where: { hostId, serverId: { not: serverId }, OR: portForwards.map((forward) => ({ protocol: forward.protocol, publicPort: forward.publicPort })) },
    });
    if (taken) throw portTaken(taken);
    await transaction.portForward.deleteMany({ where: { serverId } });
    if (portForwards.length > 0) {
      await transaction.portForward.createMany({ data: portForwards.map((forward) => ({ serverId, hostId, protocol: forward.protocol, publicPort: forward.publicPort, privatePort: forward.port })) });
    }
    const job = await recordHostNetworkSync(transaction, hostId);
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(server.owner),
      action: "server.port_forwards",
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { portForwards, jobId: job.id },
    });
    return job;
  }).catch((error: unknown) => {
    // Another admin forwarded the same port to another server at the same moment.
    if (isUniqueViolation(error)) throw new AppError("port_taken", 409, "portForwards: one of these ports was just forwarded to another server", { field: "portForwards" });
    throw error;
  });
  await enqueueJobRecord(queue, job);
  return { ...(await forwardsOf(database, server)), job };
}
