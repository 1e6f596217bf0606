import { removeSubvolumeWithQuota } from "../btrfs/remove-subvolume";
import type { AgentConfig } from "../config";
import { countImageUsers } from "./image-users";
import { imageDirName, listStoredImages } from "./image-store";

/**
 * Deletes the versions of image `name` that nothing needs: every one except the newest (new
 * containers use it) and those a container was made from (kept while it exists: its snapshot
 * shares their blocks, and it records them). Returns the deleted folders.
 */
export async function pruneImageVersions(config: AgentConfig, name: string): Promise<string[]> {
  const versions = (await listStoredImages(config)).filter((image) => image.metadata.name === name);
  const users = await countImageUsers(config);
  const removed: string[] = [];
  for (const image of versions.slice(0, -1)) {
    if ((users.get(imageDirName(image.metadata.name, image.metadata.version)) ?? 0) > 0) continue;
    await removeSubvolumeWithQuota(config.poolDir, image.dir);
    removed.push(image.dir);
  }
  return removed;
}
