import type { JobView } from "@/lib/panel/server-activity";

export const lifecycleActions = ["start", "stop", "reboot", "reinstall", "resize", "terminate"] as const;
export type LifecycleAction = (typeof lifecycleActions)[number];

export interface ServerActionState {
  /** Bumped on every answer, so confirm steps close and their fields reset. */
  attempt: number;
  /** The action last asked for. */
  type: LifecycleAction | null;
  /** The job the last accepted action queued (kept when a later action is refused). */
  job: JobView | null;
  /** Why the last action was refused, as the domain said it. */
  error: { code: string; message: string } | null;
}

export const initialServerActionState: ServerActionState = { attempt: 0, type: null, job: null, error: null };

export function isLifecycleAction(value: unknown): value is LifecycleAction {
  return typeof value === "string" && (lifecycleActions as readonly string[]).includes(value);
}
