import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { createSubvolume, deleteSubvolume, isSubvolume } from "../btrfs/subvolume";
import { ensureDirectory } from "./directories";
import { unmountBelow } from "./unmount-below";

/**
 * Builds an image subvolume (<target>/rootfs) in a scratch subvolume beside it and renames it
 * into place at the end, so `target` existing means the build is complete. A failed build's
 * scratch is removed, and one left by an interrupted build (agent killed) is removed first.
 * `workDir` is an empty folder the build may use.
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
  } catch (error) {
    // A failed build leaves nothing behind in the pool (a retry would remove it anyway).
    await removeUnfinishedBuild(scratch);
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Removes what an interrupted build left at `scratch` (a subvolume or a plain folder). */
export async function removeUnfinishedBuild(scratch: string): Promise<void> {
  // A killed debootstrap leaves /proc and /sys mounted in its tree, and a subvolume with mounts can't be deleted.
  await unmountBelow(scratch);
  if (await isSubvolume(scratch)) await deleteSubvolume(scratch);
  else await rm(scratch, { recursive: true, force: true });
}
