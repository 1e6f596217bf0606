import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { pathExists } from "../path-exists";
import { findMount } from "./mounts";

/**
 * "major:minor" of the block device holding the pool (the loop device of a pool image, or the
 * real disk), as cgroup I/O limits name devices; null if the pool is not on a block device.
 * A partition resolves to its whole disk: the I/O throttle only accepts whole disks.
 */
export async function poolBlockDevice(poolDir: string): Promise<string | null> {
  const mount = await findMount(poolDir);
  if (!mount?.source.startsWith("/dev/")) return null;
  const deviceName = path.basename(await realpath(mount.source));
  let sysfsDir = await realpath(`/sys/class/block/${deviceName}`).catch(() => null);
  if (!sysfsDir) return null;
  if (await pathExists(path.join(sysfsDir, "partition"))) sysfsDir = path.dirname(sysfsDir);
  return (await readFile(path.join(sysfsDir, "dev"), "utf8")).trim();
}
