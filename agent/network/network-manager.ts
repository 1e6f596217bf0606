import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "../config";
import { AgentError } from "../errors";
import { pathExists } from "../path-exists";
import { readOptionalFile } from "../read-optional-file";
import { CommandError } from "../run-command";
import type { ContainerNetworkState, ContainerSpec, FirewallPolicy, HostNetworkConfig, HostNetworkState, NetworkDrops } from "../types";
import { canonicalAddress } from "./addresses";
import { applyBandwidth, effectiveRateMbps, removeUploadShaper } from "./bandwidth";
import { containerAddressRemovalLines, containerDrops, containerOwnedNames, containerRemovalLines, containerRuleLines, isContainerObjectName } from "./container-rules";
import {
  gatewayCidr,
  refreshContainerNeighbours,
  routeDelegatedPrefix,
  syncBridgeAddresses,
  syncProxyEntries,
  unrouteDelegatedPrefix,
  wantedProxyEntries,
  type ProxyEntry,
} from "./host-addresses";
import { poolConflict } from "./host-conflicts";
import { hostCounters, hostRuleLines, poolOfForward, skeletonLines } from "./host-rules";
import { listNftChains, listNftCounters, listNftMapElements, runNftTransaction } from "./nft";
import { networkTables, type NetworkTables } from "./tables";

/** What the agent keeps in <dataDir>/network.json: the configuration, and what it put on the host for it. */
interface StoredHostNetwork {
  config: HostNetworkConfig;
  applied: { gateways: string[]; proxies: ProxyEntry[] };
}

const emptyStore: StoredHostNetwork = { config: { pools: [], portForwards: [] }, applied: { gateways: [], proxies: [] } };

export interface NetworkManagerOptions {
  config: AgentConfig;
  /** Every container's stored spec: the host-wide parts (proxied neighbours, repairs) span all of them. */
  containerSpecs(): Promise<ContainerSpec[]>;
}

async function writeAtomically(file: string, contents: string): Promise<void> {
  await writeFile(`${file}.partial`, contents, { mode: 0o644 });
  await rename(`${file}.partial`, file);
}

async function writeSysctl(key: string, value: string): Promise<void> {
  const file = path.join("/proc/sys", ...key.split("."));
  if (await pathExists(file)) await writeFile(file, value);
}

/**
 * The host side of every container's network: its anti-spoofing and firewall rules, its
 * bandwidth, the pools' gateways, NAT, forwards and proxied neighbours. Every change goes
 * through one queue (the kernel applies each nft transaction whole; the queue keeps two changes
 * from interleaving their reads and writes). Containers' firewalls and throttles are kept in
 * their LXC folders, the host's configuration in network.json, so a restarted agent re-applies all.
 */
export class NetworkManager {
  private readonly tables: NetworkTables;
  private readonly storeFile: string;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: NetworkManagerOptions) {
    this.tables = networkTables(options.config.bridge);
    this.storeFile = path.join(options.config.dataDir, "network.json");
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.pending.then(work, work);
    this.pending = run.catch(() => undefined);
    return run;
  }

  private containerDir(name: string): string {
    return path.join(this.options.config.lxcPath, name);
  }

  private firewallFile(name: string): string {
    return path.join(this.containerDir(name), "berth-firewall.json");
  }

  private throttleFile(name: string): string {
    return path.join(this.containerDir(name), "berth-throttle");
  }

  private async readStore(): Promise<StoredHostNetwork> {
    const text = await readOptionalFile(this.storeFile);
    return text === null ? emptyStore : (JSON.parse(text) as StoredHostNetwork);
  }

  private async writeStore(store: StoredHostNetwork): Promise<void> {
    await writeAtomically(this.storeFile, JSON.stringify(store, null, 2));
  }

  /** Proxied neighbour entries for these containers' addresses (the others' are deleted); recorded in the store. */
  private async syncProxies(store: StoredHostNetwork, config: HostNetworkConfig, specs: readonly ContainerSpec[], gateways = store.applied.gateways): Promise<void> {
    const proxies = wantedProxyEntries(config.pools, specs);
    await syncProxyEntries(proxies, store.applied.proxies);
    await this.writeStore({ config, applied: { gateways, proxies } });
  }

  private async firewallOf(name: string): Promise<FirewallPolicy | null> {
    const text = await readOptionalFile(this.firewallFile(name));
    return text === null ? null : (JSON.parse(text) as FirewallPolicy);
  }

  private async throttleOf(name: string): Promise<number | null> {
    const text = (await readOptionalFile(this.throttleFile(name)))?.trim();
    return text ? Number(text) : null;
  }

  /** The tables, the host-wide rules of the stored configuration, and the kernel settings they rely on (agent start). */
  prepareHost(): Promise<void> {
    return this.serialized(async () => {
      // The firewall sees bridged traffic (container to container, host to container) only through br_netfilter.
      await writeSysctl("net.bridge.bridge-nf-call-iptables", "1");
      await writeSysctl("net.bridge.bridge-nf-call-ip6tables", "1");
      const store = await this.readStore();
      await this.applyHostConfig(store.config, store);
    });
  }

  /** For throwaway instances (after every container is destroyed): the tables and proxied entries go; the bridge's addresses go with the bridge. */
  teardown(): Promise<void> {
    return this.serialized(async () => {
      const store = await this.readStore();
      await syncProxyEntries([], store.applied.proxies);
      const { bridge, inet } = this.tables;
      await runNftTransaction([`add table bridge ${bridge}`, `delete table bridge ${bridge}`, `add table inet ${inet}`, `delete table inet ${inet}`]);
    });
  }

  /** Whether br_netfilter is there: without it, bridged traffic (container to container) skips the firewall. */
  filtersBridgedTraffic(): Promise<boolean> {
    return pathExists("/proc/sys/net/bridge/bridge-nf-call-iptables");
  }

  private async applyHostConfig(config: HostNetworkConfig, previous: StoredHostNetwork): Promise<void> {
    await runNftTransaction(skeletonLines(this.tables));
    await runNftTransaction(hostRuleLines(this.tables, config));
    const base = [this.options.config.bridgeIpv4, this.options.config.bridgeIpv6].map(canonicalAddress);
    const gateways = [...new Set(config.pools.map(gatewayCidr))].filter((cidr) => !base.includes(canonicalAddress(cidr)));
    await syncBridgeAddresses(this.tables.device, gateways, previous.applied.gateways.filter((cidr) => !gateways.includes(cidr)));
    const uplinks = [...new Set(config.pools.flatMap((pool) => (pool.uplink ? [pool.uplink] : [])))];
    if (uplinks.length > 0) {
      await writeSysctl("net.ipv4.ip_forward", "1");
      await writeSysctl("net.ipv6.conf.all.forwarding", "1");
    }
    for (const uplink of uplinks) {
      // Forwarding hosts ignore router advertisements unless told otherwise: keep the uplink's own SLAAC address.
      await writeSysctl(`net.ipv6.conf.${uplink}.accept_ra`, "2");
    }
    for (const pool of config.pools) if (pool.family === 6 && pool.proxyNeighbour && pool.uplink) await writeSysctl(`net.ipv6.conf.${pool.uplink}.proxy_ndp`, "1");
    await this.syncProxies(previous, config, await this.options.containerSpecs(), gateways);
  }

  /** The host's configuration and its drop counters (GET /v1/network). */
  async hostState(): Promise<HostNetworkState> {
    const { config } = await this.readStore();
    const counters = new Map((await listNftCounters("inet", this.tables.inet)).map((counter) => [counter.name, counter.packets]));
    return { ...config, drops: { hostAccess: counters.get(hostCounters.hostAccess) ?? 0, unrouted: counters.get(hostCounters.unrouted) ?? 0 } };
  }

  /** Replaces the host's pools and port forwards (PUT /v1/network). */
  setHostConfig(config: HostNetworkConfig): Promise<HostNetworkState> {
    return this.serialized(async () => {
      const unplaced = config.portForwards.find((forward) => !poolOfForward(config.pools, forward));
      if (unplaced) {
        throw new AgentError("invalid_request", `portForwards: ${unplaced.address} is in no NAT pool with an uplink`, { field: "portForwards" });
      }
      const conflict = await poolConflict(this.tables.device, config.pools);
      if (conflict) throw new AgentError("network_conflict", conflict, { field: "pools" });
      await this.applyHostConfig(config, await this.readStore());
      return undefined;
    }).then(() => this.hostState());
  }

  private async writeContainerRules(spec: ContainerSpec): Promise<void> {
    try {
      await runNftTransaction(containerRuleLines(this.tables, { name: spec.name, network: spec.network, firewall: await this.firewallOf(spec.name) }));
    } catch (error) {
      // The only map key two containers can share is an address: the panel gave one to both.
      if (error instanceof CommandError && /File exists/.test(error.stderr)) {
        throw new AgentError("network_conflict", `another container on this host holds ${spec.network.ipv4} or ${spec.network.ipv6}`);
      }
      throw error;
    }
  }

  /** Writes a container's rules and routes before it first starts (create) and before every start (repair). */
  containerCreated(spec: ContainerSpec): Promise<void> {
    return this.serialized(async () => {
      await this.writeContainerRules(spec);
      await routeDelegatedPrefix(this.tables.device, spec);
      const store = await this.readStore();
      if (store.config.pools.some((pool) => pool.proxyNeighbour)) await this.syncProxies(store, store.config, await this.options.containerSpecs());
    });
  }

  /**
   * A container moved to new addresses: the old ones leave its rules and maps and the new ones
   * come in, in one transaction; the delegated prefix's route and proxied neighbours follow.
   */
  containerReaddressed(previous: ContainerSpec, moved: ContainerSpec): Promise<void> {
    return this.serialized(async () => {
      await runNftTransaction([
        ...containerAddressRemovalLines(this.tables, previous),
        ...containerRuleLines(this.tables, { name: moved.name, network: moved.network, firewall: await this.firewallOf(moved.name) }),
      ]);
      await unrouteDelegatedPrefix(this.tables.device, previous);
      await routeDelegatedPrefix(this.tables.device, moved);
      const store = await this.readStore();
      if (store.config.pools.some((pool) => pool.proxyNeighbour)) await this.syncProxies(store, store.config, await this.options.containerSpecs());
    });
  }

  /** Rules written again before a start (they follow whatever changed in the spec). */
  beforeStart(spec: ContainerSpec): Promise<void> {
    return this.serialized(() => this.writeContainerRules(spec));
  }

  /** Once the container runs (its veth exists): its bandwidth, and fresh neighbour entries for its addresses. */
  afterStart(spec: ContainerSpec): Promise<void> {
    return this.serialized(async () => {
      await applyBandwidth(spec.name, effectiveRateMbps(spec.limits.networkMbps, await this.throttleOf(spec.name)));
      await refreshContainerNeighbours(this.tables.device, spec);
    });
  }

  /** A live resize: the new plan's rate (a throttle still caps it). */
  limitsChanged(spec: ContainerSpec): Promise<void> {
    return this.serialized(async () => applyBandwidth(spec.name, effectiveRateMbps(spec.limits.networkMbps, await this.throttleOf(spec.name))));
  }

  /** Everything the container had on the host side; its firewall and throttle files go with its folder. */
  containerDestroyed(spec: ContainerSpec): Promise<void> {
    return this.serialized(async () => {
      await runNftTransaction(containerRemovalLines(this.tables, spec));
      await unrouteDelegatedPrefix(this.tables.device, spec);
      await removeUploadShaper(spec.name);
      const store = await this.readStore();
      const others = (await this.options.containerSpecs()).filter((other) => other.name !== spec.name);
      if (store.applied.proxies.length > 0) await this.syncProxies(store, store.config, others);
    });
  }

  /**
   * Replaces a container's firewall in one nft transaction. A rule set older than the one held
   * (a late retry) changes nothing; either way the answer is the rule set now in force.
   */
  setFirewall(spec: ContainerSpec, policy: FirewallPolicy): Promise<FirewallPolicy> {
    return this.serialized(async () => {
      const current = await this.firewallOf(spec.name);
      if (current && current.version > policy.version) return current;
      // Kept first: if the agent dies before the rules change, its start applies them.
      await writeAtomically(this.firewallFile(spec.name), JSON.stringify(policy));
      await this.writeContainerRules(spec);
      return policy;
    });
  }

  /** Caps (or with null, uncaps) a container's bandwidth below its plan's, live and for every later start. */
  setThrottle(spec: ContainerSpec, throttleMbps: number | null): Promise<void> {
    return this.serialized(async () => {
      if (throttleMbps === null) await writeAtomically(this.throttleFile(spec.name), "");
      else await writeAtomically(this.throttleFile(spec.name), `${throttleMbps}\n`);
      await applyBandwidth(spec.name, effectiveRateMbps(spec.limits.networkMbps, throttleMbps));
    });
  }

  /** Every container's drop counters, by container name (one read of each table's counters). */
  async drops(names: readonly string[]): Promise<Map<string, NetworkDrops>> {
    const [bridgeCounters, inetCounters] = await Promise.all(
      (["bridge", "inet"] as const).map(async (family) => new Map((await listNftCounters(family, this.tables[family])).map((counter) => [counter.name, counter.packets]))),
    );
    return new Map(names.map((name) => [name, containerDrops(name, bridgeCounters ?? new Map(), inetCounters ?? new Map())]));
  }

  /** The rate the container's traffic is meant to be shaped to: its plan's, or a lower throttle (null = unlimited). */
  async wantedBandwidthMbps(spec: ContainerSpec): Promise<number | null> {
    return effectiveRateMbps(spec.limits.networkMbps, await this.throttleOf(spec.name));
  }

  /** GET /v1/containers/{name}/network. */
  async containerState(spec: ContainerSpec): Promise<ContainerNetworkState> {
    const throttleMbps = await this.throttleOf(spec.name);
    const drops = (await this.drops([spec.name])).get(spec.name) as NetworkDrops;
    return { name: spec.name, firewall: await this.firewallOf(spec.name), bandwidthMbps: effectiveRateMbps(spec.limits.networkMbps, throttleMbps), throttleMbps, drops };
  }

  /**
   * At agent start: the host's rules and every container's written again (whatever happened to
   * the tables meanwhile), and the rules and map entries of containers that no longer exist removed.
   */
  repairContainers(running: ReadonlySet<string>): Promise<string[]> {
    return this.serialized(async () => {
      const store = await this.readStore();
      await this.applyHostConfig(store.config, store);
      const specs = await this.options.containerSpecs();
      const actions: string[] = [];
      for (const spec of specs) {
        await this.writeContainerRules(spec);
        await routeDelegatedPrefix(this.tables.device, spec);
        if (running.has(spec.name)) {
          await applyBandwidth(spec.name, effectiveRateMbps(spec.limits.networkMbps, await this.throttleOf(spec.name)));
        }
      }
      const owned = new Set(specs.flatMap((spec) => containerOwnedNames(spec.name)));
      const staleLines: string[] = [];
      for (const family of ["bridge", "inet"] as const) {
        for (const map of family === "bridge" ? ["from_vps"] : ["firewall_in4", "firewall_in6", "firewall_out4", "firewall_out6"]) {
          for (const element of await listNftMapElements(family, this.tables[family], map)) {
            if (!owned.has(element.target)) staleLines.push(`delete element ${family} ${this.tables[family]} ${map} { ${family === "bridge" ? `"${element.key}"` : element.key} }`);
          }
        }
      }
      for (const family of ["bridge", "inet"] as const) {
        const table = this.tables[family];
        for (const chain of await listNftChains(family, table)) {
          if (isContainerObjectName(chain) && !owned.has(chain)) staleLines.push(`delete chain ${family} ${table} ${chain}`);
        }
        for (const counter of await listNftCounters(family, table)) {
          if (isContainerObjectName(counter.name) && !owned.has(counter.name)) staleLines.push(`delete counter ${family} ${table} ${counter.name}`);
        }
      }
      await runNftTransaction(staleLines);
      if (staleLines.length > 0) actions.push(`removed ${staleLines.length} network rule entries of containers that no longer exist`);
      return actions;
    });
  }
}
