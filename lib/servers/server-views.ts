import type { HostKeyFingerprint } from "../../agent/types";
import type { Actor } from "../access/actor";
import { findServerFor, serverScope } from "../access/server-scope";
import type { Database } from "../database/client";
import { displayStatus } from "./display-status";
import { hostMaintenance, shownStatus } from "./shown-status";
import { findServerJob, type JobView } from "./server-activity";

/*
 * Read models of the panel's server pages. Every query scopes through serverScope(actor), the
 * same function the writes use, so a page can only ever show what its reader may act on.
 */

function splitAddresses(addresses: { address: string; pool: { family: number } }[]) {
  return {
    ipv4: addresses.filter((row) => row.pool.family === 4).map((row) => row.address),
    ipv6: addresses.filter((row) => row.pool.family === 6).map((row) => row.address),
  };
}

/** The SSH host key fingerprints recorded at the server's first boot (none for images without sshd). */
function hostKeysOf(recorded: string | null): HostKeyFingerprint[] {
  return recorded ? (JSON.parse(recorded) as HostKeyFingerprint[]) : [];
}

/** The reader's own servers (the dashboard), newest first; terminated ones are left out. */
export async function listOwnServers(database: Database, actor: Actor) {
  const servers = await database.server.findMany({
    where: { AND: [serverScope(actor), { ownerId: actor.userId, status: { not: "terminated" } }] },
    orderBy: { createdAt: "desc" },
    include: {
      plan: { select: { name: true, slug: true } },
      template: { select: { name: true } },
      host: { select: { health: true } },
      addresses: { select: { address: true, pool: { select: { family: true } } } },
    },
  });
  return servers.map((server) => ({
    id: server.id,
    hostname: server.hostname,
    status: shownStatus(displayStatus(server), server.host),
    suspended: server.suspended,
    planName: server.plan.name,
    templateName: server.template.name,
    createdAt: server.createdAt,
    ...splitAddresses(server.addresses),
  }));
}

/** One server the reader may see, for its page (404 AppError otherwise). */
export async function findServerView(database: Database, actor: Actor, serverId: string) {
  const server = await findServerFor(database, actor, serverId);
  const activeJob: JobView | null = server.activeJobId ? await findServerJob(database, actor, server.id, server.activeJobId) : null;
  const addresses = [...server.addresses].sort((a, b) => a.address.localeCompare(b.address));
  return {
    id: server.id,
    hostname: server.hostname,
    /** What people see: "unknown" while its host is down, "suspended" while suspended, else the server's status. */
    status: shownStatus(displayStatus(server), server.host),
    /** Its host's maintenance notice, for the page's banner. */
    hostMaintenance: hostMaintenance(server.host),
    suspended: server.suspended,
    /** Who suspended it ("admin" | "reseller") and the reason they gave, for the page's banner. */
    suspendedBy: server.suspended ? server.suspendedBy : null,
    suspendReason: server.suspended ? server.suspendReason : null,
    activeJobId: server.activeJobId,
    nextJobId: server.nextJobId,
    activeJob,
    statusMessage: server.statusMessage,
    createdAt: server.createdAt,
    terminatedAt: server.terminatedAt,
    orderId: server.orderId,
    owner: { id: server.owner.id, name: server.owner.name, email: server.owner.email, resellerId: server.owner.resellerId, role: server.owner.role },
    plan: server.plan,
    template: { slug: server.template.slug, name: server.template.name },
    imageVersion: server.imageVersion,
    hostKeys: hostKeysOf(server.hostKeys),
    userData: server.userDataState ? { state: server.userDataState, exitCode: server.userDataExitCode, output: server.userDataOutput } : null,
    ...splitAddresses(addresses),
  };
}
export type ServerView = Awaited<ReturnType<typeof findServerView>>;
