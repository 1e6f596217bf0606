import type { ContainerDriver } from "../driver";

/**
 * After a host reboot (or anything else that stopped containers behind the agent's back), starts
 * every container that is wanted running, is stopped and is not suspended, a bounded number at a
 * time so a host with hundreds of VPS does not start them all at once. Returns the names started;
 * a container that fails to start is logged and left for the panel's next action.
 */
export async function startWantedContainers(driver: Pick<ContainerDriver, "list" | "start">, concurrency: number, log: (message: string) => void): Promise<string[]> {
  const waiting = (await driver.list()).filter((container) => container.wantedRunning && container.state === "STOPPED" && !container.suspended);
  const started: string[] = [];
  async function worker(): Promise<void> {
    for (let container = waiting.shift(); container; container = waiting.shift()) {
      try {
        await driver.start(container.name);
        started.push(container.name);
      } catch (error) {
        log(`autostart of ${container.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker()));
  return started;
}
