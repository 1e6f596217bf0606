import { lstat, readlink } from "node:fs/promises";
import path from "node:path";

// The kernel's own limit on symbolic links followed while resolving one path.
const maximumLinks = 40;

/**
 * The host path of `relative` inside a root file system, following symbolic links the way the
 * image itself would see them (an absolute target and any `..` stay inside `rootfs`, as in a
 * chroot), so an image's link can never make the agent read a host file. Null when a component
 * is missing. The result itself is not a link (it may be any other kind of file).
 */
export async function resolveInRootfs(rootfs: string, relative: string): Promise<string | null> {
  const pending = relative.split("/").filter((part) => part !== "" && part !== ".");
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const hostPath = path.join(rootfs, ...resolved, part);
    let stats;
    try {
      stats = await lstat(hostPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
      throw error;
    }
    if (!stats.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    links += 1;
    if (links > maximumLinks) return null;
    const target = await readlink(hostPath);
    if (target.startsWith("/")) resolved.length = 0;
    pending.unshift(...target.split("/").filter((segment) => segment !== "" && segment !== "."));
  }
  return path.join(rootfs, ...resolved);
}
