import { CommandError, runCommand } from "../run-command";

export async function isQuotaEnabled(poolDir: string): Promise<boolean> {
  try {
    await runCommand(["btrfs", "qgroup", "show", poolDir]);
    return true;
  } catch (error) {
    if (error instanceof CommandError && /quota.*not enabled|ENOTCONN|not connected/i.test(error.stderr)) return false;
    throw error;
  }
}

export async function enableQuota(poolDir: string): Promise<void> {
  await runCommand(["btrfs", "quota", "enable", poolDir]);
}

/** Caps the space a subvolume may reference (its disk size); can be changed live. */
export async function limitSubvolumeSize(subvolumePath: string, megabytes: number): Promise<void> {
  await runCommand(["btrfs", "qgroup", "limit", `${megabytes}M`, subvolumePath]);
}

/**
 * Removes the quota group of a deleted subvolume. The kernel refuses (EBUSY) until its cleaner
 * has dropped the subvolume, which can take seconds, and recent kernels remove it themselves
 * then; so this is best effort and `clearStaleQuotaGroups` at host preparation sweeps leftovers.
 */
export async function tryDestroyQuotaGroup(poolDir: string, subvolumeId: number): Promise<boolean> {
  try {
    await runCommand(["btrfs", "qgroup", "destroy", `0/${subvolumeId}`, poolDir]);
    return true;
  } catch (error) {
    if (error instanceof CommandError) return false;
    throw error;
  }
}

/** Removes quota groups left behind by deleted subvolumes. */
export async function clearStaleQuotaGroups(poolDir: string): Promise<void> {
  await runCommand(["btrfs", "qgroup", "clear-stale", poolDir]);
}

export interface QuotaUsage {
  /** Bytes the subvolume references (shared template blocks included): what the limit counts. */
  referencedBytes: number;
  /** The referenced-size limit, null when none is set. */
  limitBytes: number | null;
}

/**
 * Usage and limit of a subvolume's level-0 quota group. `sync` commits the file system first:
 * quota numbers otherwise lag behind recent writes and deletes by up to a transaction.
 */
export async function readQuotaUsage(subvolumePath: string, subvolumeId: number, options: { sync?: boolean } = {}): Promise<QuotaUsage> {
  const { stdout } = await runCommand(["btrfs", "qgroup", "show", "-r", "--raw", ...(options.sync ? ["--sync"] : []), "-f", subvolumePath]);
  // Columns: Qgroupid Referenced Exclusive "Max referenced" Path (btrfs-progs 6.2's JSON output crashes).
  const row = stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[0] === `0/${subvolumeId}`);
  const referencedBytes = Number(row?.[1]);
  if (!row || !Number.isSafeInteger(referencedBytes)) throw new Error(`no quota group 0/${subvolumeId} in btrfs qgroup show: ${stdout}`);
  const limit = row[3];
  return { referencedBytes, limitBytes: limit === undefined || limit === "none" ? null : Number(limit) };
}
