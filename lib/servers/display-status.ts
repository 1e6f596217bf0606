import type { ServerStatus } from "../domain/statuses";

/** The status people and actions see: a suspended server reads "suspended" whatever its power state. */
export function displayStatus(server: { status: string; suspended: boolean }): ServerStatus {
  return (server.suspended && server.status !== "terminated" ? "suspended" : server.status) as ServerStatus;
}
