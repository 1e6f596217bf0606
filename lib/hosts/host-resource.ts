import { z } from "zod";

// A host as the REST API and `berth hosts list --json` show it.
export const ZHostResource = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(["pending", "active"]).describe("pending: waiting for its agent to join with the join command"),
  agentUrl: z.string().nullable().describe("where the panel reaches its agent (https:// once joined)"),
  certificateSha256: z.string().nullable().describe("SHA-256 of the agent's TLS certificate, pinned at join"),
  health: z.enum(["up", "down"]).describe("from the worker's heartbeats; a down host's servers show status unknown"),
  lastSeenAt: z.string().nullable().describe("ISO 8601: its agent's last answer"),
  healthMessage: z.string().nullable(),
  draining: z.boolean().describe("no new servers go here; its servers stay"),
  maintenance: z.object({ notice: z.string(), since: z.string() }).nullable().describe("shown to its servers' customers; no new servers go here"),
  capacity: z.object({ vcpus: z.number(), memoryMb: z.number().int(), diskMb: z.number().int() }),
  overcommit: z.object({ vcpu: z.number(), memory: z.number() }),
  hostGroup: z.string().nullable().describe("the name of its host group (placement), or null"),
  servers: z.number().int().describe("servers on it that are not terminated or failed"),
  joinTokenExpiresAt: z.string().nullable().describe("pending hosts: when the join command stops working"),
  joinedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type THostResource = z.infer<typeof ZHostResource>;

export interface HostRow {
  id: string;
  name: string;
  active: boolean;
  agentUrl: string;
  agentCertificateSha256: string | null;
  health: string;
  lastSeenAt: Date | null;
  healthMessage: string | null;
  draining: boolean;
  maintenanceNotice: string | null;
  maintenanceSince: Date | null;
  vcpuCapacity: number;
  memoryMbCapacity: number;
  diskMbCapacity: number;
  vcpuOvercommit: number;
  memoryOvercommit: number;
  hostGroup: { name: string } | null;
  joinTokenExpiresAt: Date | null;
  joinedAt: Date | null;
  createdAt: Date;
}

export function hostResource(host: HostRow, servers: number): THostResource {
  return {
    id: host.id,
    name: host.name,
    state: host.active ? "active" : "pending",
    agentUrl: host.agentUrl || null,
    certificateSha256: host.agentCertificateSha256,
    health: host.health === "down" ? "down" : "up",
    lastSeenAt: host.lastSeenAt?.toISOString() ?? null,
    healthMessage: host.healthMessage,
    draining: host.draining,
    maintenance: host.maintenanceNotice ? { notice: host.maintenanceNotice, since: (host.maintenanceSince ?? host.createdAt).toISOString() } : null,
    capacity: { vcpus: host.vcpuCapacity, memoryMb: host.memoryMbCapacity, diskMb: host.diskMbCapacity },
    overcommit: { vcpu: host.vcpuOvercommit, memory: host.memoryOvercommit },
    hostGroup: host.hostGroup?.name ?? null,
    servers,
    joinTokenExpiresAt: host.joinTokenExpiresAt?.toISOString() ?? null,
    joinedAt: host.joinedAt?.toISOString() ?? null,
    createdAt: host.createdAt.toISOString(),
  };
}
