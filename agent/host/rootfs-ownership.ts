import { release } from "node:os";
import type { AgentConfig } from "../config";
import { findMount } from "./mounts";

/**
 * How a container's root file system belongs to its own id range:
 *  - "idmapped": LXC mounts the rootfs through an idmapped mount (lxc.rootfs.options =
 *    idmap=container); the files keep the image's ids on disk, so creating a VPS costs the same
 *    whatever the image's size.
 *  - "shifted": every file is chowned into the container's range (a walk over the whole image).
 */
export type RootfsOwnership = "idmapped" | "shifted";

// btrfs gained idmapped mounts in Linux 5.15 (ext4 and xfs in 5.12).
const idmappedBtrfsKernel = [5, 15];

function kernelAtLeast([major, minor]: number[], version = release()): boolean {
  const [kernelMajor = 0, kernelMinor = 0] = version.split(".").map((part) => Number.parseInt(part, 10));
  return kernelMajor > major! || (kernelMajor === major && kernelMinor >= minor!);
}

/**
 * Chosen once at agent start: idmapped where the kernel and the pool's file system support
 * idmapped mounts, else the ownership walk. BERTH_ROOTFS_OWNERSHIP forces either.
 */
export async function chooseRootfsOwnership(config: AgentConfig): Promise<RootfsOwnership> {
  if (config.rootfsOwnership !== "auto") return config.rootfsOwnership;
  const pool = await findMount(config.poolDir);
  return pool?.type === "btrfs" && kernelAtLeast(idmappedBtrfsKernel) ? "idmapped" : "shifted";
}
