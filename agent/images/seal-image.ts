import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runCommand } from "../run-command";
import type { ImageMetadata } from "../types";

/**
 * Writes image.json into an image's (scratch) subvolume and makes the subvolume read-only, so
 * no container or host process can change what every later container is copied from. Done
 * before the rename into place: a visible image is always complete and sealed.
 */
export async function sealImage(subvolume: string, metadata: ImageMetadata): Promise<void> {
  await writeFile(path.join(subvolume, "image.json"), `${JSON.stringify(metadata, null, 2)}\n`, { mode: 0o644 });
  await runCommand(["btrfs", "property", "set", "-ts", subvolume, "ro", "true"]);
}
