import { open, stat } from "node:fs/promises";
import { clearStaleQuotaGroups, enableQuota, isQuotaEnabled } from "../btrfs/quota";
import type { AgentConfig } from "../config";
import { runCommand } from "../run-command";
import { ensureDirectory } from "./directories";
import { findMount } from "./mounts";

// A btrfs superblock sits at 64 KiB and carries this magic 64 bytes in.
const btrfsMagic = "_BHRfS_M";
const btrfsMagicOffset = 0x10040;

async function hasBtrfsSignature(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(btrfsMagic.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, btrfsMagicOffset);
    return bytesRead === buffer.length && buffer.toString("latin1") === btrfsMagic;
  } finally {
    await handle.close();
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

export function poolFolders(config: AgentConfig) {
  return { templates: `${config.poolDir}/templates`, servers: `${config.poolDir}/servers` };
}

/**
 * Makes the btrfs pool available at config.poolDir: creates and formats the loop image if
 * needed (a real device is never formatted by the agent), mounts it, enables quota groups and
 * creates templates/ and servers/. Returns what it changed.
 */
export async function ensurePool(config: AgentConfig): Promise<string[]> {
  const actions: string[] = [];
  if (await ensureDirectory(config.poolDir)) actions.push(`created ${config.poolDir}`);

  const mounted = await findMount(config.poolDir);
  if (mounted && mounted.type !== "btrfs") {
    throw new Error(`${config.poolDir} is already a ${mounted.type} mount; the pool must be btrfs`);
  }
  if (!mounted) {
    if (config.poolDevice) {
      if (!(await hasBtrfsSignature(config.poolDevice))) {
        throw new Error(`BERTH_POOL_DEVICE ${config.poolDevice} holds no btrfs file system; create one with mkfs.btrfs first`);
      }
      await runCommand(["mount", config.poolDevice, config.poolDir]);
      actions.push(`mounted ${config.poolDevice} at ${config.poolDir}`);
    } else {
      if (!(await fileExists(config.poolImage))) {
        await runCommand(["truncate", "-s", config.poolSize, config.poolImage]);
        actions.push(`created pool image ${config.poolImage} (${config.poolSize}, sparse)`);
      }
      if (!(await hasBtrfsSignature(config.poolImage))) {
        await runCommand(["mkfs.btrfs", "-f", "-q", config.poolImage]);
        actions.push(`formatted ${config.poolImage} as btrfs`);
      }
      await runCommand(["mount", "-o", "loop", config.poolImage, config.poolDir]);
      actions.push(`mounted ${config.poolImage} at ${config.poolDir}`);
    }
  }
  // The mounted file system's root replaces the mountpoint's own mode.
  await ensureDirectory(config.poolDir);

  if (!(await isQuotaEnabled(config.poolDir))) {
    await enableQuota(config.poolDir);
    actions.push(`enabled btrfs quota groups on ${config.poolDir}`);
  } else {
    await clearStaleQuotaGroups(config.poolDir).catch(() => undefined);
  }

  const folders = poolFolders(config);
  for (const folder of [folders.templates, folders.servers]) {
    if (await ensureDirectory(folder)) actions.push(`created ${folder}`);
  }
  return actions;
}
