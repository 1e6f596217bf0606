import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { isSubvolume } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import { buildBusyboxRootfs } from "../templates/busybox";
import { buildImageSubvolume } from "./build-image";

const motd = `
  Berth rescue system
  -------------------
  Your server's own disk is mounted at /mnt/disk. Repair what you need there (for example
  /mnt/disk/etc/fstab), then choose "Leave rescue" in the panel to boot your own system again.

`;

/** The rescue system's image: owned by the agent, never offered as a template. */
export function rescueImageDir(config: AgentConfig): string {
  return path.join(config.poolDir, "rescue");
}

/** Builds the rescue image (BusyBox, offline) if it is missing. */
export async function ensureRescueImage(config: AgentConfig): Promise<string[]> {
  const target = rescueImageDir(config);
  if (await isSubvolume(target)) return [];
  await buildImageSubvolume(target, path.join(config.dataDir, "rescue-work"), async (rootfs, workDir) => {
    await buildBusyboxRootfs(rootfs, workDir, "root-shell");
    await writeFile(path.join(rootfs, "etc", "motd"), motd);
    await mkdir(path.join(rootfs, "mnt", "disk"), { recursive: true });
  });
  return [`built the rescue image at ${target}`];
}
