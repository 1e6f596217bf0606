/*
 * Which lifecycle buttons the server page offers. This only mirrors the domain rules for display
 * (lib/servers/request-server-action.ts and request-termination.ts still decide, and their
 * refusals are shown as they are).
 */

export interface ServerControlState {
  status: string;
  suspended: boolean;
  activeJobId: string | null;
}

export interface AvailableActions {
  start: boolean;
  stop: boolean;
  reboot: boolean;
  reinstall: boolean;
  resize: boolean;
  terminate: boolean;
}

/** The status a customer sees: a suspended server reads "suspended" whatever its power state. */
export function displayStatus(server: { status: string; suspended: boolean }): string {
  return server.suspended && server.status !== "terminated" ? "suspended" : server.status;
}

/** True when the customer gets no controls at all: suspended by the provider, or gone. */
export function isLockedForCustomer(server: { status: string; suspended: boolean }): boolean {
  return server.suspended || server.status === "suspended" || server.status === "terminated";
}

export function availableActions(server: ServerControlState): AvailableActions {
  const none: AvailableActions = { start: false, stop: false, reboot: false, reinstall: false, resize: false, terminate: false };
  if (isLockedForCustomer(server) || server.activeJobId) return none;
  const { status } = server;
  const settled = status === "running" || status === "stopped";
  return {
    start: status === "stopped",
    stop: status === "running",
    reboot: status === "running",
    reinstall: settled,
    resize: settled,
    terminate: settled || status === "failed",
  };
}
