import { createHash } from "node:crypto";
import { readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { AgentConfig } from "../../agent/config";
import { buildImageVersion } from "../../agent/images/build-image-version";
import { importImageVersion } from "../../agent/images/import-image-version";
import type { StoredImage } from "../../agent/images/image-store";
import { ensureDirectory } from "../../agent/host/directories";
import { pathExists } from "../../agent/path-exists";
import { runCommand } from "../../agent/run-command";

// debootstrap takes one to two minutes even with its package cache, so one test file builds the
// Debian image for real (test/agent/images.test.ts) and keeps its root file system as a tarball;
// the others import that (seconds). The tarball's name carries a digest of the build's recipe
// and preparation code, so a changed image is never served from an old tarball.
const cacheDir = "/var/cache/berth/test-images";
const recipeSources = ["agent/images/recipes.ts", "agent/images/prepare-debian-rootfs.ts", "agent/images/build-image-version.ts"];

async function cachedTarball(name: string): Promise<string> {
  const digest = createHash("sha256");
  for (const source of recipeSources) digest.update(await readFile(path.join(import.meta.dirname, "..", "..", source)));
  return path.join(cacheDir, `${name}-${digest.digest("hex").slice(0, 16)}.tar`);
}

/** Keeps a built image's root file system for the other test files. */
export async function keepImageForTests(image: StoredImage): Promise<string> {
  const tarball = await cachedTarball(image.metadata.name);
  await ensureDirectory(cacheDir, 0o700);
  await runCommand(["tar", "--numeric-owner", "-C", path.join(image.dir, "rootfs"), "-cf", `${tarball}.partial`, "."]);
  await rename(`${tarball}.partial`, tarball);
  return tarball;
}

/** A Debian image in the agent's pool: imported from the kept tarball, or built (and kept) when there is none. */
export async function debianImageForTests(config: AgentConfig, name = "debian-12"): Promise<StoredImage> {
  const tarball = await cachedTarball(name);
  if (await pathExists(tarball)) return importImageVersion(config, name, tarball, () => undefined);
  const image = await buildImageVersion(config, name, () => undefined);
  await keepImageForTests(image);
  return image;
}
