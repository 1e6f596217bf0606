/** A piece of the worker's periodic upkeep (reconciling jobs, syncing hosts, reading usage). */
export interface RepeatedTask {
  name: string;
  intervalMs: number;
  /** Also once at start, not only after the first interval. */
  atStart?: boolean;
  run(): Promise<void>;
}

/**
 * Runs each task every interval, never two runs of one task at once (a slow pass is skipped, not
 * stacked); a failure is logged with the task's name and the next interval tries again. Returns
 * what stops them all.
 */
export function repeatTasks(tasks: readonly RepeatedTask[], log: (message: string) => void = console.error): () => void {
  const timers = tasks.map((task) => {
    let running = false;
    const pass = () => {
      if (running) return;
      running = true;
      task
        .run()
        .catch((error: unknown) => log(`[worker] ${task.name} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          running = false;
        });
    };
    if (task.atStart) pass();
    return setInterval(pass, task.intervalMs);
  });
  return () => timers.forEach((timer) => clearInterval(timer));
}
