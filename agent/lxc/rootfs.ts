import { rename } from "node:fs/promises";
import path from "node:path";
import { limitSubvolumeSize } from "../btrfs/quota";
import { removeSubvolumeWithQuota } from "../btrfs/remove-subvolume";
import { pathExists } from "../path-exists";
import { snapshotSubvolume } from "../btrfs/subvolume";
import type { RootfsOwnership } from "../host/rootfs-ownership";
import { shiftOwnership } from "../shift-ownership";

export interface RootfsSource {
  /** The template's subvolume (holding rootfs/). */
  templateDir: string;
  diskMb: number;
  idmapBase: number;
  /** Idmapped containers keep the image's ids on disk; shifted ones get every file chowned. */
  ownership: RootfsOwnership;
}

/** A writable snapshot of the template at `target`, size-capped, belonging to the container's ids. */
export async function snapshotRootfs(target: string, source: RootfsSource): Promise<void> {
  await snapshotSubvolume(source.templateDir, target);
  await limitSubvolumeSize(target, source.diskMb);
  if (source.ownership === "shifted") await shiftOwnership(path.join(target, "rootfs"), source.idmapBase);
}

/** Scratch names beside a container's subvolume; the leading dot can't start a container name. */
export function replacementScratch(subvolume: string): { fresh: string; replaced: string } {
  const dir = path.dirname(subvolume);
  const name = path.basename(subvolume);
  return { fresh: path.join(dir, `.reinstall-${name}`), replaced: path.join(dir, `.replaced-${name}`) };
}

/**
 * Replaces a container's subvolume with a fresh snapshot of a template, made ready by `prepare`
 * (given its rootfs). The new copy is built under a scratch name and swapped in by two renames,
 * so an interruption leaves either the old subvolume, or none (plus scratch), never a half-built
 * one at the real name; running this again clears the scratch and finishes. The old data is deleted.
 */
export async function replaceRootfs<T>(poolDir: string, subvolume: string, source: RootfsSource, prepare: (rootfs: string) => Promise<T>): Promise<T> {
  const { fresh, replaced } = replacementScratch(subvolume);
  await removeSubvolumeWithQuota(poolDir, fresh);
  await removeSubvolumeWithQuota(poolDir, replaced);
  await snapshotRootfs(fresh, source);
  const prepared = await prepare(path.join(fresh, "rootfs"));
  if (await pathExists(subvolume)) await rename(subvolume, replaced);
  await rename(fresh, subvolume);
  await removeSubvolumeWithQuota(poolDir, replaced);
  return prepared;
}
