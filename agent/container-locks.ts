import type { ContainerDriver } from "./driver";
import { AgentError } from "./errors";

/**
 * Wraps a driver so only one changing action (create, start, stop, reboot, ...) runs per container
 * at a time. A second action while one runs is refused with `busy` instead of queued: the caller
 * (the worker) owns retries and ordering, and queued actions would run against a stale intent.
 * Reads (state, list) are never blocked.
 */
export function withContainerLocks(driver: ContainerDriver): ContainerDriver {
  const running = new Map<string, string>();

  async function exclusive<T>(name: string, action: string, work: () => Promise<T>): Promise<T> {
    const current = running.get(name);
    if (current !== undefined) {
      throw new AgentError("busy", `container ${name} is busy with ${current}; retry later`, { running: current });
    }
    running.set(name, action);
    try {
      return await work();
    } finally {
      running.delete(name);
    }
  }

  return {
    create: (spec) => exclusive(spec.name, "create", () => driver.create(spec)),
    start: (name) => exclusive(name, "start", () => driver.start(name)),
    stop: (name) => exclusive(name, "stop", () => driver.stop(name)),
    reboot: (name) => exclusive(name, "reboot", () => driver.reboot(name)),
    suspend: (name) => exclusive(name, "suspend", () => driver.suspend(name)),
    unsuspend: (name) => exclusive(name, "unsuspend", () => driver.unsuspend(name)),
    resize: (name, limits) => exclusive(name, "resize", () => driver.resize(name, limits)),
    reinstall: (name, template) => exclusive(name, "reinstall", () => driver.reinstall(name, template)),
    destroy: (name) => exclusive(name, "destroy", () => driver.destroy(name)),
    state: (name) => driver.state(name),
    list: () => driver.list(),
    templates: () => driver.templates(),
  };
}
