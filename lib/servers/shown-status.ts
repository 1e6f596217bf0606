import { serverStatuses, type ServerStatus } from "../domain/statuses";

/** What the panel and the API show: the stored statuses, and "unknown" for a server whose host is down. */
export const shownServerStatuses = [...serverStatuses, "unknown"] as const;
export type ShownServerStatus = (typeof shownServerStatuses)[number];

// Statuses of a server that lives on its host: while the host is down nobody knows what became of it.
const onHostStatuses = new Set(["provisioning", "running", "stopped", "suspended", "rescue"]);

/**
 * A server's status as people see it (`status`: the stored one, or displayStatus's): "unknown"
 * while its host is down. Computed at read time, never stored: when the host is back the stored
 * status shows again, and actions keep deciding from the stored one.
 */
export function shownStatus(status: ServerStatus, host: { health: string } | null): ShownServerStatus {
  return host?.health === "down" && onHostStatuses.has(status) ? "unknown" : status;
}

/** The maintenance notice of the server's host, which its customer is shown; null when there is none. */
export function hostMaintenance(host: { maintenanceNotice: string | null; maintenanceSince: Date | null } | null) {
  return host?.maintenanceNotice ? { notice: host.maintenanceNotice, since: (host.maintenanceSince ?? new Date(0)).toISOString() } : null;
}
