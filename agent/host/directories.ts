import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";

/** Creates a folder (and parents) if missing and gives it exactly `mode`; "keep" leaves an existing folder's mode (new ones get 0755). */
export async function ensureDirectory(directory: string, mode: number | "keep" = 0o755): Promise<boolean> {
  let created = false;
  try {
    const stats = await stat(directory);
    if (!stats.isDirectory()) throw new Error(`${directory} exists but is not a folder`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(directory, { recursive: true, mode: mode === "keep" ? 0o755 : mode });
    created = true;
  }
  if (mode !== "keep") await chmod(directory, mode);
  else if (created) await chmod(directory, 0o755);
  return created;
}

/**
 * An unprivileged container's root is an unmapped "other" user on the host, so LXC fails with
 * "Permission denied" unless every folder above the rootfs grants others execute (x) access.
 * Adds o+x where it is missing and returns the folders it changed.
 */
export async function makeParentsTraversable(directory: string): Promise<string[]> {
  const changed: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    const stats = await stat(current);
    if ((stats.mode & 0o001) === 0) {
      await chmod(current, (stats.mode & 0o7777) | 0o001);
      changed.push(current);
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return changed;
}
