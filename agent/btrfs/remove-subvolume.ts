import { rm } from "node:fs/promises";
import { tryDestroyQuotaGroup } from "./quota";
import { deleteSubvolumeTree, isSubvolume, subvolumeId } from "./subvolume";

/**
 * Removes a subvolume (with any nested ones) and, best effort, its quota group; a plain folder
 * at the path (a snapshot that never happened) is removed too, and an absent path is fine.
 */
export async function removeSubvolumeWithQuota(fileSystemRoot: string, path: string): Promise<void> {
  if (await isSubvolume(path)) {
    const id = await subvolumeId(path);
    await deleteSubvolumeTree(fileSystemRoot, path);
    await tryDestroyQuotaGroup(fileSystemRoot, id);
  } else {
    await rm(path, { recursive: true, force: true });
  }
}
