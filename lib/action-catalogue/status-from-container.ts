import type { ContainerState } from "../../agent/types";
import type { ServerStatus } from "../domain/statuses";

/** The panel's status for what the agent reports of a container. */
export function statusFromContainer(container: ContainerState | null | undefined): ServerStatus {
  if (container?.suspended) return "suspended";
  if (container?.rescue) return "rescue";
  return container?.state === "RUNNING" ? "running" : "stopped";
}
