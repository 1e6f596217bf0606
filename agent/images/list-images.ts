import { readQuotaUsage } from "../btrfs/quota";
import { subvolumeId } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import type { StoredImageInfo } from "../types";
import { countImageUsers } from "./image-users";
import { imageDirName, listStoredImages } from "./image-store";

/** Every image version in the pool with its size and how many containers were made from it. */
export async function listImageInfo(config: AgentConfig): Promise<StoredImageInfo[]> {
  const users = await countImageUsers(config);
  const images: StoredImageInfo[] = [];
  for (const { dir, metadata } of await listStoredImages(config)) {
    const { referencedBytes } = await readQuotaUsage(dir, await subvolumeId(dir));
    images.push({ ...metadata, sizeBytes: referencedBytes, containers: users.get(imageDirName(metadata.name, metadata.version)) ?? 0 });
  }
  return images;
}
