import { AgentError } from "./errors";

/**
 * Lets only one changing action (create, start, stop, reboot, ...) run per container at a time.
 * A second action while one runs is refused with `busy` instead of queued: the caller (the
 * worker) owns retries and ordering, and queued actions would run against a stale intent.
 * Reads (state, list) never take the lock.
 */
export class ContainerLocks {
  private readonly running = new Map<string, string>();

  async exclusive<T>(name: string, action: string, work: () => Promise<T>): Promise<T> {
    const current = this.running.get(name);
    if (current !== undefined) {
      throw new AgentError("busy", `container ${name} is busy with ${current}; retry later`, { running: current });
    }
    this.running.set(name, action);
    try {
      return await work();
    } finally {
      this.running.delete(name);
    }
  }
}
