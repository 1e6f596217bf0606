import type { AgentConfig } from "../config";
import { LxcDriver } from "../lxc/driver";
import { NetworkManager } from "../network/network-manager";
import { runCommand } from "../run-command";
import { removeBridge } from "./bridge";
import { findMount } from "./mounts";

/**
 * Undoes prepareHost for a throwaway instance (tests, a scrapped demo): destroys every container,
 * unmounts the pool and deletes the bridge. The data folder itself is left for the caller.
 */
export async function teardownHost(config: AgentConfig): Promise<string[]> {
  const actions: string[] = [];
  const network: NetworkManager = new NetworkManager({ config, containerSpecs: () => driver.containerSpecs() });
  const driver = new LxcDriver(config, { stopTimeoutSeconds: 5, network });
  if (await findMount(config.poolDir)) {
    for (const container of await driver.list()) {
      await driver.destroy(container.name);
      actions.push(`destroyed container ${container.name}`);
    }
    await runCommand(["umount", config.poolDir]);
    actions.push(`unmounted ${config.poolDir}`);
  }
  await network.teardown();
  if (await removeBridge(config.bridge)) actions.push(`deleted bridge ${config.bridge}`);
  return actions;
}
