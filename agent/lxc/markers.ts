import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { readOptionalFile } from "../read-optional-file";

// Small files in the container's LXC folder that record a state LXC itself cannot hold; they
// live on disk, so they survive agent restarts and host reboots, and go away with the container.

/** Present while the container is suspended (start is refused even after a host reboot). */
export function suspendedMarker(containerDir: string): string {
  return path.join(containerDir, "berth-suspended");
}

/** Present while a reinstall is under way; holds "running" if the container must start after. */
export function reinstallMarker(containerDir: string): string {
  return path.join(containerDir, "berth-reinstalling");
}

/** Present while an address change is under way: JSON {afterwards: "running"|"stopped", previous: the old network}. */
export function readdressMarker(containerDir: string): string {
  return path.join(containerDir, "berth-readdressing");
}

/** Present while the container runs (or would start) the rescue system instead of its own. */
export function rescueMarker(containerDir: string): string {
  return path.join(containerDir, "berth-rescue");
}

/**
 * Present when the container's root file system is idmapped (its files keep the image's ids);
 * absent for one whose files were shifted into its range. Written at create, before the config.
 */
export function idmappedMarker(containerDir: string): string {
  return path.join(containerDir, "berth-idmapped");
}

/**
 * Present while the container is wanted running: written on every start, removed by an explicit
 * stop. After a host reboot or an agent crash, the agent starts the containers that have it.
 */
export function wantedRunningMarker(containerDir: string): string {
  return path.join(containerDir, "berth-wanted-running");
}

/** The metadata (image.json) of the image version the root file system was made from: create and reinstall write it. */
export function imageMarker(containerDir: string): string {
  return path.join(containerDir, "berth-image.json");
}

/** Fingerprints of the SSH host keys first boot made (JSON); absent for images without sshd. */
export function hostKeysMarker(containerDir: string): string {
  return path.join(containerDir, "berth-host-keys.json");
}

/** Present when first boot installed user data (JSON: when, and its result once seen done). */
export function userDataMarker(containerDir: string): string {
  return path.join(containerDir, "berth-user-data.json");
}

/** The marker's contents, or null when it is absent. */
export async function readMarker(file: string): Promise<string | null> {
  return (await readOptionalFile(file))?.trim() ?? null;
}

export async function writeMarker(file: string, contents: string): Promise<void> {
  await writeFile(file, `${contents}\n`, { mode: 0o644 });
}

export async function removeMarker(file: string): Promise<void> {
  await rm(file, { force: true });
}
