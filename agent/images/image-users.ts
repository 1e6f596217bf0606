import { readdir } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "../config";
import { imageMarker, readMarker } from "../lxc/markers";
import type { ImageMetadata } from "../types";
import { imageDirName } from "./image-store";

/**
 * How many containers were made from each image version (keyed by `<name>@<version>`), read from
 * the image record every container keeps in its LXC folder (agent/lxc/markers.ts imageMarker).
 */
export async function countImageUsers(config: AgentConfig): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const entries = await readdir(config.lxcPath, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const text = await readMarker(imageMarker(path.join(config.lxcPath, entry.name)));
    if (text === null) continue;
    const image = JSON.parse(text) as ImageMetadata;
    const key = imageDirName(image.name, image.version);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
