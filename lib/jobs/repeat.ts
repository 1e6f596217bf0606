import type { Redis } from "ioredis";
import { logger } from "../logging/logger";

/** A piece of the worker's periodic upkeep (reconciling jobs, syncing hosts, reading usage). */
export interface RepeatedTask {
  name: string;
  intervalMs: number;
  /** Also once at start, not only after the first interval. */
  atStart?: boolean;
  run(): Promise<void>;
}

/** Shares the upkeep between worker processes: only the holder of a task's lease runs a pass. */
export interface UpkeepLeases {
  redis: Redis;
  /** This worker's name in the lease (host and pid), so an operator can see who ran a pass. */
  holder: string;
}

/**
 * How long a pass's lease is held: a little less than the interval, so the next tick of whichever
 * worker comes first finds it free, while no other worker's tick inside the same interval does.
 * A worker that dies mid-pass holds the task for less than one interval.
 */
export function upkeepLeaseMs(intervalMs: number): number {
  return intervalMs - Math.min(1000, Math.floor(intervalMs / 10));
}

/** Takes the task's lease for this interval (SET NX PX): true when this worker runs the pass. */
async function takeLease(leases: UpkeepLeases, task: RepeatedTask): Promise<boolean> {
  const key = `berth:upkeep:${task.name.replaceAll(" ", "-")}`;
  return (await leases.redis.set(key, leases.holder, "PX", upkeepLeaseMs(task.intervalMs), "NX")) === "OK";
}

/**
 * Runs each task every interval, never two runs of one task at once (a slow pass is skipped, not
 * stacked); a failure is logged with the task's name and the next interval tries again. With
 * leases, a pass runs once per interval across all workers sharing that Redis (a pass is skipped
 * while Redis cannot be reached: missing one is harmless, running one twice may not be). Returns
 * what stops them all.
 */
export function repeatTasks(tasks: readonly RepeatedTask[], leases?: UpkeepLeases): () => void {
  const timers = tasks.map((task) => {
    let running = false;
    const pass = () => {
      if (running) return;
      running = true;
      (async () => {
        if (leases && !(await takeLease(leases, task))) return;
        await task.run();
      })()
        .catch((error: unknown) => logger().error({ task: task.name, err: error }, "upkeep task failed"))
        .finally(() => {
          running = false;
        });
    };
    if (task.atStart) pass();
    return setInterval(pass, task.intervalMs);
  });
  return () => timers.forEach((timer) => clearInterval(timer));
}
