import { readdir } from "node:fs/promises";
import path from "node:path";
import { isSubvolume } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import type { ContainerDriver } from "../driver";
import { poolFolders } from "../host/pool";
import { readBandwidthMbps } from "../network/bandwidth";
import { containerRuleNames } from "../network/container-rules";
import type { NetworkManager } from "../network/network-manager";
import { listNftMapElements } from "../network/nft";
import { networkTables } from "../network/tables";
import type { ContainerState, HostInventory, InventoryAddress, InventoryContainer, InventorySubvolume } from "../types";

export interface HostInventorySources {
  config: AgentConfig;
  driver: ContainerDriver;
  network: NetworkManager;
}

// Scratch and rescue copies a container's own actions make beside its subvolume (lxc/rootfs.ts, lxc/driver.ts).
const companionPrefixes = [".rescue-", ".reinstall-", ".replaced-"];

/** The container a subvolume below servers/ is named after: its own, or one its reinstall or rescue made. */
function subvolumeContainerName(name: string): string {
  const prefix = companionPrefixes.find((candidate) => name.startsWith(candidate));
  return prefix ? name.slice(prefix.length) : name;
}

async function inventoryContainer(sources: HostInventorySources, state: ContainerState): Promise<InventoryContainer> {
  const spec = await sources.driver.spec(state.name);
  const liveLimits = (await sources.driver.liveLimits(state.name)) ?? {};
  const networkMbps = state.state === "STOPPED" ? undefined : await readBandwidthMbps(state.name);
  return {
    ...state,
    liveLimits: { ...liveLimits, ...(networkMbps === undefined ? {} : { networkMbps }) },
    wantedBandwidthMbps: spec ? await sources.network.wantedBandwidthMbps(spec) : null,
  };
}

async function poolSubvolumes(config: AgentConfig, containers: ReadonlySet<string>): Promise<InventorySubvolume[]> {
  const folder = poolFolders(config).servers;
  const entries = await readdir(folder, { withFileTypes: true });
  const subvolumes: InventorySubvolume[] = [];
  for (const entry of entries) {
    const subvolumePath = path.join(folder, entry.name);
    if (!entry.isDirectory() || !(await isSubvolume(subvolumePath))) continue;
    const owner = subvolumeContainerName(entry.name);
    subvolumes.push({ name: entry.name, path: subvolumePath, container: containers.has(owner) ? owner : null });
  }
  return subvolumes.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every address in the firewall maps (each container's IPv4 and IPv6 address or prefix), with the container its chain belongs to. */
async function firewallAddresses(config: AgentConfig, containers: readonly string[]): Promise<InventoryAddress[]> {
  const table = networkTables(config.bridge).inet;
  const ownerOfChain = new Map(containers.map((name) => [containerRuleNames(name).inboundChain, name]));
  const addresses: InventoryAddress[] = [];
  for (const map of ["firewall_in4", "firewall_in6"]) {
    for (const element of await listNftMapElements("inet", table, map)) addresses.push({ address: element.key, container: ownerOfChain.get(element.target) ?? null });
  }
  return addresses;
}

/**
 * GET /v1/inventory: every container with its state, configured limits and the limits in force
 * (read back from its cgroups, quota group and shaper), every subvolume in the pool's servers
 * folder and every address in the firewall maps, each with the container it belongs to. Read
 * only, without the containers' locks: a container changing meanwhile shows either way, and the
 * panel leaves containers alone while its own action on them runs.
 */
export async function readHostInventory(sources: HostInventorySources): Promise<HostInventory> {
  const states = await sources.driver.list();
  const containers: InventoryContainer[] = [];
  for (const state of states) containers.push(await inventoryContainer(sources, state));
  const names = states.map((state) => state.name);
  return {
    sampledAt: new Date().toISOString(),
    containers,
    subvolumes: await poolSubvolumes(sources.config, new Set(names)),
    addresses: await firewallAddresses(sources.config, names),
  };
}
