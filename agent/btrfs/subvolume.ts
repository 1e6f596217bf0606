import { lstat } from "node:fs/promises";
import { runCommand } from "../run-command";

// btrfs gives the root directory of every subvolume inode number 256 (BTRFS_FIRST_FREE_OBJECTID),
// so a directory on btrfs with that inode is a subvolume. Cheaper than `btrfs subvolume show`.
const subvolumeRootInode = 256;

/** True if the path exists and is a btrfs subvolume (the caller knows it is inside the pool). */
export async function isSubvolume(path: string): Promise<boolean> {
  try {
    const stats = await lstat(path);
    return stats.isDirectory() && stats.ino === subvolumeRootInode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

export async function createSubvolume(path: string): Promise<void> {
  await runCommand(["btrfs", "subvolume", "create", path]);
}

/** Writable copy-on-write snapshot: instant, and shares all blocks with the source. */
export async function snapshotSubvolume(source: string, target: string): Promise<void> {
  await runCommand(["btrfs", "subvolume", "snapshot", source, target]);
}

export async function deleteSubvolume(path: string): Promise<void> {
  await runCommand(["btrfs", "subvolume", "delete", path]);
}

/** The subvolume's id, which is also the id of its level-0 quota group (0/<id>). */
export async function subvolumeId(path: string): Promise<number> {
  const { stdout } = await runCommand(["btrfs", "inspect-internal", "rootid", path]);
  const id = Number(stdout.trim());
  if (!Number.isInteger(id) || id <= 0) throw new Error(`unexpected output of btrfs inspect-internal rootid ${path}: ${stdout}`);
  return id;
}

/** Subvolumes directly below `path` (btrfs lists them relative to the file system root). */
async function childSubvolumes(fileSystemRoot: string, path: string): Promise<string[]> {
  const { stdout } = await runCommand(["btrfs", "subvolume", "list", "-o", path]);
  return stdout
    .split("\n")
    .map((line) => /\spath\s(.+)$/.exec(line)?.[1])
    .filter((relative): relative is string => relative !== undefined)
    .map((relative) => `${fileSystemRoot}/${relative.replace(/^<FS_TREE>\//, "")}`);
}

/**
 * Deletes a subvolume and any subvolumes created inside it (a container's root may create
 * them, and btrfs refuses to delete a subvolume that still contains one). Children first.
 */
export async function deleteSubvolumeTree(fileSystemRoot: string, path: string): Promise<void> {
  for (const child of await childSubvolumes(fileSystemRoot, path)) {
    if (child.startsWith(`${path}/`)) await deleteSubvolumeTree(fileSystemRoot, child);
  }
  await deleteSubvolume(path);
}
