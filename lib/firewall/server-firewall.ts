import { z } from "zod";
import type { Actor } from "../access/actor";
import { findServerFor } from "../access/server-scope";
import type { Database } from "../database/client";
import { ZFirewallRule, type TFirewallRule } from "./firewall-fields";

export const ZFirewallResource = z.object({
  defaultInbound: z.enum(["accept", "drop"]).describe("what happens to inbound traffic no rule matches; replies to the server's own connections always pass"),
  rules: z.array(ZFirewallRule).describe("in order; the first that matches decides"),
  version: z.number().int().describe("raised by every change"),
  state: z.enum(["applied", "pending"]).describe("pending: the host has not confirmed this version yet"),
  updatedAt: z.string().nullable().describe("ISO 8601; null: never set (everything allowed)"),
});
export type TFirewallResource = z.infer<typeof ZFirewallResource>;

/** A stored firewall row as the API and the panel show it; no row is "everything allowed". */
export function firewallResource(row: { defaultInbound: string; rules: string; version: number; appliedVersion: number; updatedAt: Date } | null): TFirewallResource {
  if (!row) return { defaultInbound: "accept", rules: [], version: 0, state: "applied", updatedAt: null };
  return {
    defaultInbound: row.defaultInbound === "drop" ? "drop" : "accept",
    rules: JSON.parse(row.rules) as TFirewallRule[],
    version: row.version,
    state: row.appliedVersion >= row.version ? "applied" : "pending",
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A server's firewall, for anyone who may see the server (404 otherwise). */
export async function readServerFirewall({ database, actor, serverId }: { database: Database; actor: Actor; serverId: string }): Promise<TFirewallResource> {
  const server = await findServerFor(database, actor, serverId);
  return firewallResource(await database.serverFirewall.findUnique({ where: { serverId: server.id } }));
}
