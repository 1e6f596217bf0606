import { readdir, readFile } from "node:fs/promises";

async function readOptional(file: string): Promise<string | null> {
  return readFile(file, "utf8").catch(() => null);
}

/** The cgroup folder of a process for a v1 controller, or of the v2 tree (controller ""). */
async function cgroupDirectory(pid: number, controller: string): Promise<string | null> {
  for (const line of (await readFile(`/proc/${pid}/cgroup`, "utf8")).trim().split("\n")) {
    const [, controllers = "", cgroupPath = ""] = line.split(":");
    if (controller === "" ? controllers === "" : controllers.split(",").includes(controller)) {
      return controller === "" ? `/sys/fs/cgroup${cgroupPath}` : `/sys/fs/cgroup/${controller}${cgroupPath}`;
    }
  }
  return null;
}

function statField(stat: string, key: string): number | null {
  const match = new RegExp(`^${key} (\\d+)$`, "m").exec(stat);
  return match ? Number(match[1]) : null;
}

export interface ContainerMemory {
  cgroupVersion: 1 | 2;
  /** memory.usage_in_bytes (v1) or memory.current (v2): everything charged, page cache included. */
  chargedBytes: number;
  /** Anonymous memory (v1 total_rss, v2 anon): the processes' own RSS without cache. */
  anonymousBytes: number | null;
  /** Page cache charged to the container (v1 total_cache, v2 file). */
  cacheBytes: number | null;
  processes: number;
}

/** What the container's memory cgroup reports, found through its init's host pid. */
export async function containerMemory(initPid: number): Promise<ContainerMemory> {
  const v1 = await cgroupDirectory(initPid, "memory");
  const directory = v1 ?? (await cgroupDirectory(initPid, ""));
  if (!directory) throw new Error(`no memory cgroup for pid ${initPid}`);
  const charged = await readOptional(`${directory}/${v1 ? "memory.usage_in_bytes" : "memory.current"}`);
  const stat = (await readOptional(`${directory}/memory.stat`)) ?? "";
  const procs = (await readOptional(`${directory}/cgroup.procs`)) ?? "";
  return {
    cgroupVersion: v1 ? 1 : 2,
    chargedBytes: Number(charged?.trim()),
    anonymousBytes: statField(stat, v1 ? "total_rss" : "anon"),
    cacheBytes: statField(stat, v1 ? "total_cache" : "file"),
    processes: procs.trim() === "" ? 0 : procs.trim().split("\n").length,
  };
}

export interface HostProcessMemory {
  pid: number;
  command: string;
  rssBytes: number;
  /** Proportional set size: shared pages split among their users (what it really adds). */
  pssBytes: number | null;
}

/**
 * The host-side processes LXC keeps per running container: its monitor ("[lxc monitor] <path>
 * <name>"). Container processes themselves are in the cgroup figures above.
 */
export async function lxcMonitorMemory(lxcPath: string, name: string): Promise<HostProcessMemory[]> {
  const found: HostProcessMemory[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = (await readOptional(`/proc/${entry}/cmdline`))?.replace(/\0/g, " ").trim();
    if (!cmdline || !cmdline.startsWith("[lxc monitor]") || !cmdline.includes(lxcPath) || !cmdline.endsWith(` ${name}`)) continue;
    found.push({ pid: Number(entry), command: cmdline, ...(await processMemory(Number(entry))) });
  }
  return found;
}

/** A process's RSS (/proc/<pid>/status VmRSS) and PSS (/proc/<pid>/smaps_rollup; null where the kernel lacks it). */
export async function processMemory(pid: number): Promise<{ rssBytes: number; pssBytes: number | null }> {
  const status = (await readOptional(`/proc/${pid}/status`)) ?? "";
  const rollup = (await readOptional(`/proc/${pid}/smaps_rollup`)) ?? "";
  const rssKb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  const pssKb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
  return { rssBytes: Number(rssKb ?? 0) * 1024, pssBytes: pssKb === undefined ? null : Number(pssKb) * 1024 };
}
