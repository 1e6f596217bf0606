import { readdir } from "node:fs/promises";
import path from "node:path";
import { isSubvolume } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import { AgentError } from "../errors";
import { poolFolders } from "../host/pool";
import { readOptionalFile } from "../read-optional-file";
import type { ImageMetadata } from "../types";

/**
 * Images live in <pool>/templates: a versioned image is the read-only subvolume
 * `<name>@<version>` (rootfs/ and image.json); the built-in BusyBox image is `busybox`, with no
 * version in its folder name. New containers use the newest version of an image.
 */
export const versionSeparator = "@";

export interface StoredImage {
  /** The image's subvolume (holding rootfs/ and image.json). */
  dir: string;
  metadata: ImageMetadata;
}

export function imageDirName(name: string, version: string): string {
  return `${name}${versionSeparator}${version}`;
}

/** A version stamp for an image made now: UTC, compact ISO 8601 (20261130T070512Z). */
export function imageVersionNow(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The version for a new build or import of image `name`: now, or one second after its newest
 * version if that is not older (two quick imports in one second, or a clock set back), so a
 * version never repeats and the newest always sorts last.
 */
export async function nextImageVersion(config: AgentConfig, name: string, now = new Date()): Promise<string> {
  const newest = (await listStoredImages(config)).filter((image) => image.metadata.name === name).at(-1)?.metadata.version;
  const stamp = newest === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(newest);
  if (!stamp) return imageVersionNow(now);
  const [year, month, day, hour, minute, second] = stamp.slice(1).map(Number) as [number, number, number, number, number, number];
  const newestTime = Date.UTC(year, month - 1, day, hour, minute, second);
  return imageVersionNow(new Date(Math.max(now.getTime(), newestTime + 1000)));
}

// Images stored before image.json existed are BusyBox ones built by the agent itself.
function builtinMetadata(name: string): ImageMetadata {
  return {
    name,
    version: "builtin",
    os: { id: "busybox", versionId: null, prettyName: "BusyBox" },
    init: "busybox",
    network: "lxc",
    source: "builtin",
    createdAt: new Date(0).toISOString(),
  };
}

export async function readImageMetadata(dir: string): Promise<ImageMetadata> {
  const text = await readOptionalFile(path.join(dir, "image.json"));
  if (text === null) return builtinMetadata(path.basename(dir).split(versionSeparator)[0] ?? path.basename(dir));
  return JSON.parse(text) as ImageMetadata;
}

/** Every complete image in the pool (scratch folders start with a dot and are skipped), oldest version first. */
export async function listStoredImages(config: AgentConfig): Promise<StoredImage[]> {
  const { templates } = poolFolders(config);
  const images: StoredImage[] = [];
  for (const entry of await readdir(templates).catch(() => [] as string[])) {
    const dir = path.join(templates, entry);
    if (entry.startsWith(".") || !(await isSubvolume(dir))) continue;
    images.push({ dir, metadata: await readImageMetadata(dir) });
  }
  return images.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name) || a.metadata.version.localeCompare(b.metadata.version));
}

/** The newest version of image `name`, or unknown_template naming what the host has. */
export async function resolveImage(config: AgentConfig, name: string): Promise<StoredImage> {
  const images = await listStoredImages(config);
  const versions = images.filter((image) => image.metadata.name === name);
  const newest = versions[versions.length - 1];
  if (!newest) {
    throw new AgentError("unknown_template", `template ${name} is not available on this host`, {
      available: [...new Set(images.map((image) => image.metadata.name))],
    });
  }
  return newest;
}
