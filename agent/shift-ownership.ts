import { chmod, lchown, lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { idsPerContainer } from "./idmap";

const parallelWorkers = 16;

/**
 * Shifts the owner of every file under `root` from container ids (0..65535) to host ids
 * (idmapBase + id), so the container's mapped root owns its files. Hard links are shifted once
 * (tracked by inode), ids already outside 0..65535 are left alone, and setuid/setgid bits, which
 * chown clears, are put back.
 */
export async function shiftOwnership(root: string, idmapBase: number): Promise<number> {
  const seen = new Set<string>();
  const pending: string[] = [root];
  let changed = 0;

  async function shift(file: string): Promise<void> {
    const stats = await lstat(file);
    if (stats.isDirectory()) {
      for (const entry of await readdir(file)) pending.push(path.join(file, entry));
    }
    const key = `${stats.dev}:${stats.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    const uid = stats.uid < idsPerContainer ? stats.uid + idmapBase : stats.uid;
    const gid = stats.gid < idsPerContainer ? stats.gid + idmapBase : stats.gid;
    if (uid === stats.uid && gid === stats.gid) return;
    await lchown(file, uid, gid);
    changed += 1;
    if (!stats.isSymbolicLink() && (stats.mode & 0o6000) !== 0) await chmod(file, stats.mode & 0o7777);
  }

  async function worker(): Promise<void> {
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) await shift(file);
  }

  // Run the root alone first so its children exist before the workers start.
  await shift(pending.pop() as string);
  // A worker stops when it finds nothing pending, even if another one is about to add children;
  // so start new rounds of workers until a round leaves nothing behind.
  while (pending.length > 0) {
    await Promise.all(Array.from({ length: Math.min(parallelWorkers, pending.length) }, () => worker()));
  }
  return changed;
}
