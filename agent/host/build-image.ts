import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { createSubvolume, deleteSubvolume, isSubvolume } from "../btrfs/subvolume";
import { ensureDirectory } from "./directories";

/**
 * Builds an image subvolume (<target>/rootfs) in a scratch subvolume beside it and renames it
 * into place at the end, so `target` existing means the build is complete. A scratch left by an
 * interrupted build is removed first. `workDir` is an empty folder the build may use.
 */
export async function buildImageSubvolume(target: string, workDir: string, build: (rootfs: string, workDir: string) => Promise<void>): Promise<void> {
  const scratch = path.join(path.dirname(target), `.building-${path.basename(target)}`);
  await removeUnfinishedBuild(scratch);
  await rm(workDir, { recursive: true, force: true });
  await ensureDirectory(workDir, 0o700);
  try {
    await createSubvolume(scratch);
    await ensureDirectory(path.join(scratch, "rootfs"));
    await build(path.join(scratch, "rootfs"), workDir);
    await rename(scratch, target);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Removes what an interrupted build left at `scratch` (a subvolume or a plain folder). */
export async function removeUnfinishedBuild(scratch: string): Promise<void> {
  if (await isSubvolume(scratch)) await deleteSubvolume(scratch);
  else await rm(scratch, { recursive: true, force: true });
}
