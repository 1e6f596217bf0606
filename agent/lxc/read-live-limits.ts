import type { CgroupLayout } from "../host/cgroups";
import type { LiveLimits } from "../types";

const mebibyte = 1024 * 1024;
// v1 writes "unlimited" as the largest page-aligned 64-bit value; anything this large is no limit.
const v1Unlimited = 2 ** 62;

/** A byte count as MiB; null for "max" (v2) or v1's unlimited value. */
function mebibytesOrUnlimited(text: string): number | null {
  if (text === "max") return null;
  const bytes = Number(text);
  return bytes >= v1Unlimited ? null : bytes / mebibyte;
}

function countOrUnlimited(text: string): number | null {
  return text === "max" ? null : Number(text);
}

/** v1 throttle files hold "major:minor bytes" lines; no line for the device = no limit. */
function v1DeviceMbps(text: string, device: string): number | null {
  const fields = text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find(([key]) => key === device);
  return fields?.[1] === undefined ? null : Number(fields[1]) / mebibyte;
}

/** v2 io.max holds "major:minor rbps=N wbps=N riops=max wiops=max" lines. */
function v2DeviceMbps(text: string, device: string, key: "rbps" | "wbps"): number | null {
  const line = text.split("\n").find((candidate) => candidate.trim().startsWith(`${device} `));
  const value = line === undefined ? undefined : new RegExp(`\\b${key}=(\\S+)`).exec(line)?.[1];
  return value === undefined ? null : mebibytesOrUnlimited(value);
}

/**
 * A running (or frozen) container's limits, read back from the cgroup files that cgroupSettings
 * writes; `read` gives one file's contents (lxc-cgroup: LXC knows where the container's cgroup
 * is, even when its init has moved itself into a child group). Each value is what the kernel enforces.
 */
export async function readLiveCgroupLimits(read: (key: string) => Promise<string>, cgroups: CgroupLayout, ioDevice: string | null): Promise<LiveLimits> {
  if (cgroups.version === 1) {
    const memoryText = await read("memory.limit_in_bytes");
    const memoryMb = mebibytesOrUnlimited(memoryText);
    const memswMb = cgroups.memoryAndSwapLimit ? mebibytesOrUnlimited(await read("memory.memsw.limit_in_bytes")) : undefined;
    const quota = Number(await read("cpu.cfs_quota_us"));
    const period = Number(await read("cpu.cfs_period_us"));
    return {
      memoryMb,
      ...(memswMb === undefined ? {} : { memoryAndSwapMb: memswMb }),
      cpus: quota < 0 ? null : quota / period,
      processes: countOrUnlimited(await read("pids.max")),
      ...(ioDevice
        ? { ioReadMbps: v1DeviceMbps(await read("blkio.throttle.read_bps_device"), ioDevice), ioWriteMbps: v1DeviceMbps(await read("blkio.throttle.write_bps_device"), ioDevice) }
        : {}),
    };
  }
  const [quota = "max", period = "100000"] = (await read("cpu.max")).split(/\s+/);
  const io = ioDevice ? await read("io.max") : null;
  return {
    memoryMb: mebibytesOrUnlimited(await read("memory.max")),
    ...(cgroups.swapLimit ? { swapMb: mebibytesOrUnlimited(await read("memory.swap.max")) } : {}),
    cpus: quota === "max" ? null : Number(quota) / Number(period),
    processes: countOrUnlimited(await read("pids.max")),
    ...(ioDevice && io !== null ? { ioReadMbps: v2DeviceMbps(io, ioDevice, "rbps"), ioWriteMbps: v2DeviceMbps(io, ioDevice, "wbps") } : {}),
  };
}
