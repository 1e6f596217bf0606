import type { AgentConfig } from "../config";
import { LxcDriver } from "../lxc/driver";
import { NetworkManager } from "../network/network-manager";
import { ensureBridge } from "./bridge";
import { ensureDirectory, makeParentsTraversable } from "./directories";
import { ensureLxcfs } from "./lxcfs";
import { ensurePool } from "./pool";
import { ensureRescueImage } from "./rescue-image";
import { ensureSeccompProfile } from "./seccomp";
import { ensureSecretFile } from "./secret";
import { ensureSubordinateIds } from "./subordinate-ids";
import { ensureTemplates } from "./templates";

/**
 * Makes the host ready to run containers. Idempotent: each step checks before it changes
 * anything, so it runs at every agent start. Returns a line per change made.
 */
export async function prepareHost(config: AgentConfig): Promise<string[]> {
  const actions: string[] = [];
  // An existing data folder keeps its owners and mode: scripts/up.sh makes it root:berth 1771
  // (berth's database journal, root's files safe from berth); others' x is all containers need.
  if (await ensureDirectory(config.dataDir, "keep")) actions.push(`created ${config.dataDir}`);
  for (const folder of await makeParentsTraversable(config.dataDir)) actions.push(`granted others x access on ${folder}`);
  if (config.secret === null) actions.push(...(await ensureSecretFile(config)));

  actions.push(...(await ensurePool(config)));
  for (const folder of await makeParentsTraversable(config.poolDir)) actions.push(`granted others x access on ${folder}`);
  if (await ensureDirectory(config.lxcPath)) actions.push(`created ${config.lxcPath}`);
  for (const folder of await makeParentsTraversable(config.lxcPath)) actions.push(`granted others x access on ${folder}`);

  actions.push(...(await ensureSeccompProfile(config)));
  actions.push(...(await ensureBridge(config)));
  // Before any container starts: the tables that confine every container, and the host's pools.
  const driver = new LxcDriver(config);
  await new NetworkManager({ config, containerSpecs: () => driver.containerSpecs() }).prepareHost();
  actions.push(...(await ensureSubordinateIds()));
  actions.push(...(await ensureLxcfs()));
  actions.push(...(await ensureTemplates(config)));
  actions.push(...(await ensureRescueImage(config)));
  return actions;
}
