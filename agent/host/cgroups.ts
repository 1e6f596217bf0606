import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseCpuList } from "../lxc/cpuset";
import { pathExists } from "../path-exists";
import { readMounts } from "./mounts";

export interface CgroupLayout {
  /** 1 when the memory controller is on a cgroup v1 hierarchy (also "hybrid" hosts), else 2. */
  version: 1 | 2;
  /** v1 only: whether memory+swap limits exist (kernel swap accounting). */
  memoryAndSwapLimit: boolean;
  /** v2 only: whether memory.swap.max exists. */
  swapLimit: boolean;
  /** The host's online CPUs, which containers are pinned to (cpuset). */
  cpus: number[];
}

// The root cgroup of a v2 tree has no memory.* files, so look at a child group for the knob.
async function v2SwapKnobExists(root: string): Promise<boolean> {
  const entries = await readdir(root, { withFileTypes: true });
  const child = entries.find((entry) => entry.isDirectory());
  if (!child) return true;
  return pathExists(path.join(root, child.name, "memory.swap.max"));
}

/**
 * Which cgroup interface limits go through. Hybrid hosts (v1 controllers plus a cgroup2 mount
 * with no controllers, like this project's machines) count as v1: the memory controller decides.
 */
export async function detectCgroupLayout(): Promise<CgroupLayout> {
  const mounts = await readMounts();
  const cpus = parseCpuList(await readFile("/sys/devices/system/cpu/online", "utf8"));
  const memoryV1 = mounts.find((mount) => mount.type === "cgroup" && mount.options.includes("memory"));
  if (memoryV1) {
    return {
      version: 1,
      memoryAndSwapLimit: await pathExists(path.join(memoryV1.target, "memory.memsw.limit_in_bytes")),
      swapLimit: false,
      cpus,
    };
  }
  const unified = mounts.find((mount) => mount.type === "cgroup2" && mount.target === "/sys/fs/cgroup");
  if (unified && (await pathExists("/sys/fs/cgroup/cgroup.controllers"))) {
    return { version: 2, memoryAndSwapLimit: false, swapLimit: await v2SwapKnobExists(unified.target), cpus };
  }
  throw new Error("no cgroup memory controller found: neither a cgroup v1 memory mount nor cgroup v2 at /sys/fs/cgroup");
}
