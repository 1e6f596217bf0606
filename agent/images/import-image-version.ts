import path from "node:path";
import type { AgentConfig } from "../config";
import { AgentError } from "../errors";
import { buildImageSubvolume } from "../host/build-image";
import { poolFolders } from "../host/pool";
import { CommandError, runCommand } from "../run-command";
import type { ImageMetadata } from "../types";
import { detectInit, detectNetwork } from "./detect-image";
import { parseImageName } from "./image-names";
import { imageDirName, nextImageVersion, type StoredImage } from "./image-store";
import { readImageOs } from "./os-release";
import { progressReporter, type ProgressListener } from "./progress";
import { pruneImageVersions } from "./prune-image-versions";
import { sealImage } from "./seal-image";
import { archiveBytes, checkImageListing, parseTarListing } from "./tar-listing";

/** Archive names the agent imports; GNU tar recognises the compression by its contents. */
export const tarballExtensions = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.zst"];

// Large images take a while to decompress; tar must still never hang the agent.
const tarTimeoutMs = 30 * 60_000;
// tar reports every this many 10 KiB records read (about 10 MiB).
const checkpointRecords = 1000;
const recordBytes = 10240;

export function hasTarballExtension(file: string): boolean {
  return tarballExtensions.some((extension) => file.endsWith(extension));
}

/** The listing of an archive; a file tar cannot read is invalid_image. */
async function listArchive(tarball: string): Promise<string> {
  try {
    return (await runCommand(["tar", "-tv", "--numeric-owner", "--quoting-style=c", "-f", tarball], { timeoutMs: tarTimeoutMs })).stdout;
  } catch (error) {
    if (error instanceof CommandError && error.exitCode !== null) {
      throw new AgentError("invalid_image", `tar cannot read ${path.basename(tarball)}: ${error.stderr.trim().split("\n").slice(-1)[0] ?? "unknown error"}`);
    }
    throw error;
  }
}

/**
 * Imports a root file system from a tarball as a new version of image `name`. The archive is
 * checked from its listing before a byte is extracted (invalid_image naming the first offending
 * member), extracted with its numeric owners and modes, described (os-release, init, network
 * system) and sealed read-only at <pool>/templates/<name>@<version>. Unused versions are pruned.
 */
export async function importImageVersion(config: AgentConfig, name: string, tarballPath: string, onProgress: ProgressListener): Promise<StoredImage> {
  parseImageName(name);
  const report = progressReporter(onProgress);
  report({ percent: 0, step: "Checking the archive" });
  const entries = parseTarListing(await listArchive(tarballPath));
  checkImageListing(entries);

  const version = await nextImageVersion(config, name);
  const target = path.join(poolFolders(config).templates, imageDirName(name, version));
  const totalRecords = Math.max(1, archiveBytes(entries) / recordBytes);
  let metadata: ImageMetadata | null = null;

  report({ percent: 10, step: "Extracting the archive" });
  await buildImageSubvolume(target, path.join(config.dataDir, `image-work-${name}`), async (rootfs) => {
    await runCommand(
      [
        "tar",
        "-x",
        "--numeric-owner",
        "--same-owner",
        "--same-permissions",
        // File capabilities (ping's cap_net_raw) live in this attribute; other security.* ones stay out.
        "--xattrs",
        "--xattrs-include=security.capability",
        "--xattrs-include=user.*",
        `--checkpoint=${checkpointRecords}`,
        "--checkpoint-action=echo=berth-checkpoint %u",
        "-f",
        tarballPath,
        "-C",
        rootfs,
      ],
      {
        timeoutMs: tarTimeoutMs,
        onOutput: (chunk) => {
          const checkpoints = [...chunk.matchAll(/berth-checkpoint (\d+)/g)].map((match) => Number(match[1]));
          const last = checkpoints.at(-1);
          if (last !== undefined) report({ percent: 10 + 80 * Math.min(1, (last * checkpointRecords) / totalRecords), step: "Extracting the archive" });
        },
      },
    );
    report({ percent: 90, step: "Describing the image" });
    const os = await readImageOs(rootfs);
    if (!os) throw new AgentError("invalid_image", "the extracted archive has no readable os-release file");
    metadata = {
      name,
      version,
      os,
      init: await detectInit(rootfs),
      network: await detectNetwork(rootfs),
      source: "import",
      createdAt: new Date().toISOString(),
    };
    report({ percent: 95, step: "Sealing the image" });
    await sealImage(path.dirname(rootfs), metadata);
  });
  if (!metadata) throw new Error(`import of ${name} finished without metadata`);

  report({ percent: 98, step: "Removing unused versions" });
  await pruneImageVersions(config, name);
  report({ percent: 100, step: "Done" });
  return { dir: target, metadata };
}
