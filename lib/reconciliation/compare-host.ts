import type { HostInventory, InventoryContainer } from "../../agent/types";
import { limitDrift, type LimitDrift } from "./limit-drift";

/** A server row as the comparison needs it (any host, any status). */
export interface ComparedServer {
  id: string;
  hostId: string | null;
  containerName: string;
  status: string;
  desiredState: string;
  suspended: boolean;
  activeJobId: string | null;
  nextJobId: string | null;
}

export type RepairKind = "limits" | "start" | "stop" | "suspend";

/** A change that brings a container back to what its server's row says, made through the lifecycle's own agent call. */
export interface Repair {
  kind: RepairKind;
  server: ComparedServer;
  container: InventoryContainer;
  /** For limits: what differs. */
  drift?: LimitDrift[];
}

/** Something wrong that the reconciler reports and leaves alone; `subject` tells findings about one target apart. */
export interface Finding {
  action: "reconcile.container.orphaned" | "reconcile.container.leftover" | "reconcile.subvolume.orphaned" | "reconcile.address.orphaned" | "reconcile.repair.failed";
  targetType: "host" | "server";
  targetId: string;
  subject: string;
  details: Record<string, unknown>;
}

export interface HostComparison {
  repairs: Repair[];
  /** Live servers whose container is gone from the host. */
  missing: ComparedServer[];
  findings: Finding[];
}

// Statuses with a container the server's owner uses; pending and provisioning belong to the provisioning job.
const liveStatuses = new Set(["running", "stopped", "suspended", "rescue"]);
const endedStatuses = new Set(["failed", "terminated"]);

// States a container rests in; the others (STARTING, STOPPING, ...) are on their way and are looked at next pass.
const settledStates = new Set(["RUNNING", "STOPPED", "FROZEN"]);

/** What brings the container's power state back to the row's, if anything. */
function powerRepair(server: ComparedServer, container: InventoryContainer): RepairKind | null {
  if (server.status === "rescue" || !settledStates.has(container.state)) return null;
  if (server.suspended) return container.suspended && container.state !== "RUNNING" ? null : "suspend";
  // A container the agent holds suspended while the row does not is not the reconciler's to lift.
  if (container.suspended) return null;
  if (server.status === "running" && server.desiredState === "running") return container.state === "RUNNING" ? null : "start";
  if (server.status === "stopped" && server.desiredState === "stopped") return container.state === "STOPPED" ? null : "stop";
  return null;
}

/**
 * Compares one host's inventory with the server rows: repairs for drifted limits and power
 * states of servers with no action running, the live servers whose container is gone, and
 * findings for containers, subvolumes and addresses nobody owns. Pure: reconcile-host.ts acts on it.
 */
export function compareHost(hostId: string, servers: readonly ComparedServer[], inventory: HostInventory): HostComparison {
  const containers = new Map(inventory.containers.map((container) => [container.name, container]));
  const serverOfContainer = new Map(servers.map((server) => [server.containerName, server]));
  const comparison: HostComparison = { repairs: [], missing: [], findings: [] };

  for (const server of servers) {
    if (server.hostId !== hostId || !liveStatuses.has(server.status) || server.activeJobId || server.nextJobId) continue;
    const container = containers.get(server.containerName);
    if (!container) {
      comparison.missing.push(server);
      continue;
    }
    const power = powerRepair(server, container);
    // A container about to stop loses its cgroups and shaper; its next start applies the given limits.
    const drift = power === "stop" ? [] : limitDrift(container);
    if (drift.length > 0) comparison.repairs.push({ kind: "limits", server, container, drift });
    if (power) comparison.repairs.push({ kind: power, server, container });
  }

  for (const container of inventory.containers) {
    const server = serverOfContainer.get(container.name);
    const addresses = inventory.addresses.filter((address) => address.container === container.name).map((address) => address.address);
    const facts = { container: container.name, state: container.state, addresses };
    if (server && server.hostId === hostId && endedStatuses.has(server.status)) {
      comparison.findings.push({ action: "reconcile.container.leftover", targetType: "server", targetId: server.id, subject: container.name, details: { ...facts, status: server.status } });
    } else if (!server || server.hostId !== hostId) {
      const details = server ? { ...facts, serverId: server.id, serverHostId: server.hostId, status: server.status } : facts;
      comparison.findings.push({ action: "reconcile.container.orphaned", targetType: "host", targetId: hostId, subject: container.name, details });
    }
  }
  for (const subvolume of inventory.subvolumes) {
    if (subvolume.container !== null) continue;
    comparison.findings.push({ action: "reconcile.subvolume.orphaned", targetType: "host", targetId: hostId, subject: subvolume.name, details: { subvolume: subvolume.name, path: subvolume.path } });
  }
  for (const address of inventory.addresses) {
    if (address.container !== null) continue;
    comparison.findings.push({ action: "reconcile.address.orphaned", targetType: "host", targetId: hostId, subject: address.address, details: { address: address.address } });
  }
  return comparison;
}
