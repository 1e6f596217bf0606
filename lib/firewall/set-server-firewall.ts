import { auditActor, type Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import { auditTenancy } from "../audit/audit-tenancy";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import type { JobQueue } from "../jobs/queue";
import { createJobRecord, enqueueJobRecord } from "../jobs/submit-job";
import { firewallOf, ZFirewallInput } from "./firewall-fields";
import { firewallResource } from "./server-firewall";

// A firewall lives on the host with the server's container: there is none before it is made, nor after it is gone.
const firewallStatuses = ["running", "stopped", "suspended", "rescue"];

/**
 * Replaces a server's whole firewall (its owner, the owner's reseller or the admin): the rule
 * set (or a preset) is checked as a whole, so a bad rule changes nothing; then the new version,
 * its audit event and the job that hands it to the host commit together. The host applies it in
 * one nft transaction; a retried or late job never replaces a newer version.
 */
export async function setServerFirewall({ database, queue, actor, serverId, input }: { database: Database; queue: JobQueue; actor: Actor; serverId: string; input: unknown }) {
  const { defaultInbound, rules, preset } = firewallOf(parseInput(ZFirewallInput, input));
  const server = await findServerFor(database, actor, serverId);
  if (!firewallStatuses.includes(server.status)) {
    const code = server.status === "terminated" ? "server_terminated" : "server_not_ready";
    throw new AppError(code, 409, server.status === "terminated" ? "This server has been terminated" : "The firewall can be set once the server has been set up", { status: server.status });
  }
  const { row, job } = await database.$transaction(async (transaction) => {
    const current = await transaction.serverFirewall.findUnique({ where: { serverId } });
    const version = (current?.version ?? 0) + 1;
    const data = { defaultInbound, rules: JSON.stringify(rules), version };
    const row = await transaction.serverFirewall.upsert({ where: { serverId }, create: { serverId, ...data }, update: data });
    const job = await createJobRecord(transaction, "applyFirewall", { serverId }, { serverId });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      ...auditTenancy(server.owner),
      action: "server.firewall",
      targetType: "server",
      targetId: serverId,
      result: "success",
      details: { version, defaultInbound, rules: rules.length, preset, jobId: job.id, via: actor.via },
    });
    return { row, job };
  });
  await enqueueJobRecord(queue, job);
  return { firewall: firewallResource(row), job };
}
