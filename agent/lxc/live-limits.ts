import type { CgroupLayout } from "../host/cgroups";
import type { ContainerLimits } from "../types";
import type { LxcCommands } from "./commands";
import { cgroupSettings, unlimitedIoSettings, type CgroupSetting } from "./config-file";

export interface LimitChange {
  previous: ContainerLimits;
  next: ContainerLimits;
  cgroups: CgroupLayout;
  ioDevice: string | null;
}

function hasIoLimits(limits: ContainerLimits): boolean {
  return limits.ioReadMbps !== undefined || limits.ioWriteMbps !== undefined;
}

/**
 * v1 refuses memory.limit_in_bytes above memory.memsw.limit_in_bytes at every moment, so the
 * order depends on the live memsw: a memory limit that still fits under it goes first (shrinking),
 * else memsw is raised first (growing). Memory goes before everything else either way: it is the
 * write most likely to fail (the kernel cannot reclaim enough), and then nothing else has changed.
 */
async function orderedSettings(lxc: LxcCommands, name: string, settings: CgroupSetting[]): Promise<CgroupSetting[]> {
  const memory = settings.find((setting) => setting.key === "memory.limit_in_bytes");
  const memsw = settings.find((setting) => setting.key === "memory.memsw.limit_in_bytes");
  const rest = settings.filter((setting) => setting !== memory && setting !== memsw);
  if (!memory || !memsw) return [...(memory ? [memory] : []), ...rest];
  const liveMemsw = Number(await lxc.readCgroup(name, "memory.memsw.limit_in_bytes"));
  const memoryFits = Number(memory.value) <= liveMemsw;
  return [...(memoryFits ? [memory, memsw] : [memsw, memory]), ...rest];
}

/** Writes new limits into a running (or frozen) container's cgroup; no restart. */
export async function applyLimitsLive(lxc: LxcCommands, name: string, change: LimitChange): Promise<void> {
  const { previous, next, cgroups, ioDevice } = change;
  const settings = cgroupSettings(name, next, cgroups, ioDevice);
  const keys = new Set(settings.map((setting) => setting.key));
  // An I/O limit that the new limits drop must be lifted explicitly; absent keys change nothing.
  const lifted = ioDevice && hasIoLimits(previous) ? unlimitedIoSettings(cgroups, ioDevice).filter((setting) => !keys.has(setting.key)) : [];
  for (const setting of [...(await orderedSettings(lxc, name, settings)), ...lifted]) {
    await lxc.writeCgroup(name, setting.key, setting.value);
  }
}
