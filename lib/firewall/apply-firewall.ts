import { agentForHost } from "../hosts/agent-for-host";
import type { JobContext } from "../jobs/define-job";
import { agentFirewallPolicy, type TFirewallRule } from "./firewall-fields";

/**
 * The job: the server's firewall as its row says now, to its host. Whatever version the agent
 * answers is the one in force there (it keeps a newer one over an older one), so the row records
 * it as applied only up to that version.
 */
export async function applyFirewall({ serverId }: { serverId: string }, context: JobContext): Promise<void> {
  const { database } = context;
  const server = await database.server.findUniqueOrThrow({ where: { id: serverId }, include: { host: true, firewall: true } });
  if (!server.host || !server.firewall || server.status === "terminated") return;
  const agent = agentForHost(server.host, context.settings.encryptionKey, { onOperation: context.noteAgentOperation });
  const rules = JSON.parse(server.firewall.rules) as TFirewallRule[];
  const inForce = await agent.setFirewall(server.containerName, agentFirewallPolicy({ ...server.firewall, rules }));
  await database.serverFirewall.updateMany({ where: { serverId, appliedVersion: { lt: inForce.version } }, data: { appliedVersion: inForce.version } });
}
