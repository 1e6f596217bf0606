import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { newSingleUseToken, singleUseTokenHash } from "../security/single-use-token";
import { ZHostName, ZOvercommit } from "./host-fields";

export const ZCreateHost = z.object({
  name: ZHostName,
  vcpuOvercommit: ZOvercommit.optional(),
  memoryOvercommit: ZOvercommit.optional(),
});
export type TCreateHost = z.input<typeof ZCreateHost>;

export const joinTokenLifetimeMs = 60 * 60 * 1000;

/** The command an operator runs on the new host (from the repository's folder, as root). */
export function joinCommand(panelUrl: string, token: string): string {
  return `node --import tsx agent/main.ts join --panel ${panelUrl} --token ${token} --advertise https://ADDRESS:7070`;
}

/**
 * Adds a host that waits for its agent to join (admins only): a Host row that is not active and a
 * one-time join token valid for an hour, of which only the hash is kept. Adding a name that is
 * still waiting issues a new token (the old one stops working); a joined name is a 409.
 */
export async function createHost({ database, actor, panelUrl, input }: { database: Database; actor: Actor; panelUrl: string; input: unknown }) {
  requireAdmin(actor, "hosts");
  const { name, vcpuOvercommit, memoryOvercommit } = parseInput(ZCreateHost, input);
  const token = newSingleUseToken();
  const joinTokenExpiresAt = new Date(Date.now() + joinTokenLifetimeMs);
  const pending = { joinTokenHash: singleUseTokenHash(token), joinTokenExpiresAt, ...(vcpuOvercommit ? { vcpuOvercommit } : {}), ...(memoryOvercommit ? { memoryOvercommit } : {}) };
  const host = await database.$transaction(async (transaction) => {
    const existing = await transaction.host.findUnique({ where: { name } });
    if (existing?.joinedAt || existing?.active) throw new AppError("host_exists", 409, `name: host ${name} already exists`, { field: "name" });
    const host = existing
      ? await transaction.host.update({ where: { id: existing.id }, data: pending })
      : // Agent URL, secret and capacity arrive with the join; until then the host gets nothing.
        await transaction.host.create({ data: { name, agentUrl: "", agentSecretEncrypted: "", vcpuCapacity: 0, memoryMbCapacity: 0, diskMbCapacity: 0, active: false, ...pending } });
    await recordAuditEvent(transaction, { ...auditActor(actor), action: "host.create", targetType: "host", targetId: host.id, result: "success", details: { name, joinTokenExpiresAt: joinTokenExpiresAt.toISOString() } });
    return host;
  });
  return { host, token, joinTokenExpiresAt, joinCommand: joinCommand(panelUrl, token) };
}
