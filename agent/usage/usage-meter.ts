import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "../config";
import { poolFolders } from "../host/pool";
import type { NetworkManager } from "../network/network-manager";
import { readOptionalFile } from "../read-optional-file";
import type { ContainerUsage, UsageReport } from "../types";
import { findCgroupMounts, readPoolDiskUsage, readRawContainerUsage, type CgroupMounts, type RawCounter } from "./read-raw-usage";

/** One counter carried over restarts: what earlier generations counted, plus the current one's last value. */
interface CarriedCounter {
  generation: string;
  last: number;
  carried: number;
}

type CounterName = "cpuNanoseconds" | "ioReadBytes" | "ioWriteBytes" | "rxBytes" | "txBytes";
const counterNames: readonly CounterName[] = ["cpuNanoseconds", "ioReadBytes", "ioWriteBytes", "rxBytes", "txBytes"];

type StoredCounters = Record<string, Partial<Record<CounterName, CarriedCounter>>>;

/** The counter after a new reading: a new generation (the container or its veth was recreated) carries the old total over. */
function advance(previous: CarriedCounter | undefined, reading: RawCounter | null): CarriedCounter | undefined {
  if (!reading) return previous;
  if (!previous) return { generation: reading.generation, last: reading.value, carried: 0 };
  if (previous.generation !== reading.generation || reading.value < previous.last) {
    return { generation: reading.generation, last: reading.value, carried: previous.carried + previous.last };
  }
  return { ...previous, last: reading.value };
}

const total = (counter: CarriedCounter | undefined) => (counter ? counter.carried + counter.last : 0);

/**
 * Every container's CPU time, memory, disk, disk I/O and network bytes in one sweep. The kernel
 * restarts its counters with each container start (a new cgroup, a new veth); the meter adds
 * each generation's last reading to what it carried, and keeps that in usage-counters.json, so
 * the totals it reports only grow across container and agent restarts. Sample a container just
 * before stopping it (the agent does), or what it did since the last sweep is lost with its veth.
 */
export class UsageMeter {
  private readonly file: string;
  private mounts: Promise<CgroupMounts> | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AgentConfig,
    private readonly network: NetworkManager,
    private readonly containerNames: () => Promise<string[]>,
  ) {
    this.file = path.join(config.dataDir, "usage-counters.json");
  }

  private cgroupMounts(): Promise<CgroupMounts> {
    this.mounts ??= findCgroupMounts();
    return this.mounts;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.pending.then(work, work);
    this.pending = run.catch(() => undefined);
    return run;
  }

  private async readStored(): Promise<StoredCounters> {
    const text = await readOptionalFile(this.file);
    return text === null ? {} : (JSON.parse(text) as StoredCounters);
  }

  private async store(counters: StoredCounters): Promise<void> {
    await writeFile(`${this.file}.partial`, JSON.stringify(counters), { mode: 0o600 });
    await rename(`${this.file}.partial`, this.file);
  }

  /** Reads every container (or the named ones), advances and stores their counters. */
  private async advanceCounters(names: readonly string[], stored: StoredCounters) {
    const mounts = await this.cgroupMounts();
    // Read side by side: each container is a handful of small files, and hundreds wait on nothing else.
    const readings = await Promise.all(names.map(async (name) => [name, await readRawContainerUsage(name, mounts)] as const));
    const raw = new Map(readings);
    for (const [name, reading] of readings) {
      const counters = stored[name] ?? {};
      for (const counter of counterNames) {
        const advanced = advance(counters[counter], reading[counter]);
        if (advanced) counters[counter] = advanced;
      }
      stored[name] = counters;
    }
    return raw;
  }

  /** GET /v1/usage: one sweep over every container. Containers that are gone are forgotten. */
  report(): Promise<UsageReport> {
    return this.serialized(async () => {
      const names = await this.containerNames();
      const previous = await this.readStored();
      const stored: StoredCounters = Object.fromEntries(names.flatMap((name) => (previous[name] ? [[name, previous[name]]] : [])));
      const raw = await this.advanceCounters(names, stored);
      await this.store(stored);
      const [disk, drops] = await Promise.all([readPoolDiskUsage(this.config.poolDir), this.network.drops(names)]);
      const serversFolder = path.relative(this.config.poolDir, poolFolders(this.config).servers);
      const containers: ContainerUsage[] = names.map((name) => {
        const counters = stored[name] ?? {};
        const reading = raw.get(name);
        return {
          name,
          running: reading?.running ?? false,
          cpuSeconds: total(counters.cpuNanoseconds) / 1e9,
          memoryBytes: reading?.memoryBytes ?? 0,
          diskBytes: disk.get(`${serversFolder}/${name}`) ?? 0,
          ioReadBytes: total(counters.ioReadBytes),
          ioWriteBytes: total(counters.ioWriteBytes),
          rxBytes: total(counters.rxBytes),
          txBytes: total(counters.txBytes),
          drops: drops.get(name) as ContainerUsage["drops"],
        };
      });
      return { sampledAt: new Date().toISOString(), containers };
    });
  }

  /** Takes one container's readings into its totals (before it stops, while its cgroup and veth still exist). */
  sample(name: string): Promise<void> {
    return this.serialized(async () => {
      const stored = await this.readStored();
      await this.advanceCounters([name], stored);
      await this.store(stored);
    });
  }
}
