import { open } from "node:fs/promises";
import { constants } from "node:fs";
import type { ImageMetadata } from "../types";
import { resolveInRootfs } from "./rootfs-paths";

export const osReleaseFiles = ["etc/os-release", "usr/lib/os-release"];

// os-release is a few hundred bytes; an image cannot make the agent read more than this.
const maximumBytes = 64 * 1024;

/** KEY=value lines, values optionally in single or double quotes (os-release(5)). */
export function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    let value = match[2] ?? "";
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\`$])/g, "$1");
    }
    values.set(match[1], value);
  }
  return values;
}

/** Reads a regular file of at most maximumBytes without following a final link or blocking on a FIFO. */
async function readSmallRegularFile(file: string): Promise<string | null> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) return null;
    const buffer = Buffer.alloc(maximumBytes);
    const { bytesRead } = await handle.read(buffer, 0, maximumBytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** The image's OS from its os-release (links resolved inside the rootfs); null if it has none. */
export async function readImageOs(rootfs: string): Promise<ImageMetadata["os"] | null> {
  for (const relative of osReleaseFiles) {
    const file = await resolveInRootfs(rootfs, relative);
    const text = file === null ? null : await readSmallRegularFile(file);
    if (text === null) continue;
    const values = parseOsRelease(text);
    const id = values.get("ID") || "linux";
    return {
      id,
      versionId: values.get("VERSION_ID") || null,
      prettyName: values.get("PRETTY_NAME") || values.get("NAME") || id,
    };
  }
  return null;
}
