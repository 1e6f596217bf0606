import path from "node:path";
import type { AgentConfig } from "../config";
import { AgentError } from "../errors";
import { buildImageSubvolume } from "../host/build-image";
import { detectCgroupLayout } from "../host/cgroups";
import { ensureDirectory } from "../host/directories";
import { poolFolders } from "../host/pool";
import { unmountBelow } from "../host/unmount-below";
import { CommandError, runCommand } from "../run-command";
import type { ImageMetadata } from "../types";
import { debianArchives } from "./debian-mirror";
import { DebootstrapProgress, debootstrapDonePercent } from "./debootstrap-progress";
import { imageDirName, nextImageVersion, type StoredImage } from "./image-store";
import { readImageOs } from "./os-release";
import { prepareDebianRootfs } from "./prepare-debian-rootfs";
import { progressReporter, type ProgressListener } from "./progress";
import { pruneImageVersions } from "./prune-image-versions";
import { debootstrapPackages, findRecipe, imageRecipes, type HostFacts, type ImageRecipe } from "./recipes";
import { sealImage } from "./seal-image";

// A cold build downloads ~50 MB; a slow mirror may take minutes, but never an hour.
const debootstrapTimeoutMs = 30 * 60_000;

// debootstrap's output is hundreds of progress lines; its errors (E:, W:) and last lines say why it stopped.
function debootstrapFailure(recipe: ImageRecipe, mirror: string, error: CommandError): Error {
  const lines = `${error.stdout}\n${error.stderr}`.split("\n").filter((line) => line.trim() !== "");
  const problems = lines.filter((line) => /^[EW]: /.test(line));
  const reason = error.exitCode !== null ? `exit code ${error.exitCode}` : error.signal ? `signal ${error.signal} (timed out?)` : "could not run";
  return new Error(`debootstrap ${recipe.suite} from ${mirror} failed (${reason}): ${(problems.length > 0 ? problems : lines.slice(-5)).join(" | ")}`, { cause: error });
}

/** Refuses (unsupported_image, with the recipe's reason) to build an image this host could not boot. */
export function checkRecipeHost(recipe: ImageRecipe, host: HostFacts): void {
  const refusal = recipe.hostRefusal?.(host) ?? null;
  if (refusal !== null) throw new AgentError("unsupported_image", `${recipe.name} cannot run on this host: ${refusal}`);
}

/** The recipe for image `name`; unknown_template naming the ones the agent has otherwise. */
export function requireRecipe(name: string): ImageRecipe {
  const recipe = findRecipe(name);
  if (!recipe) {
    const known = imageRecipes.map((item) => item.name);
    throw new AgentError("unknown_template", `the agent has no recipe for image ${name}; it builds ${known.join(", ")}`, { available: known });
  }
  return recipe;
}

/**
 * Builds a new version of a Debian image with debootstrap, prepared for containers, sealed
 * read-only at <pool>/templates/<name>@<version>, then deletes the versions nothing needs.
 * Downloaded packages stay in config.imageCacheDir, so the next build fetches nothing again.
 */
export async function buildImageVersion(config: AgentConfig, name: string, onProgress: ProgressListener): Promise<StoredImage> {
  const report = progressReporter(onProgress);
  const recipe = requireRecipe(name);
  checkRecipeHost(recipe, { cgroups: await detectCgroupLayout() });
  report({ percent: 0, step: "Starting debootstrap" });

  const archives = await debianArchives(config);
  await ensureDirectory(config.imageCacheDir);
  const version = await nextImageVersion(config, name);
  const target = path.join(poolFolders(config).templates, imageDirName(name, version));
  let metadata: ImageMetadata | null = null;

  await buildImageSubvolume(target, path.join(config.dataDir, `image-work-${name}`), async (rootfs) => {
    const parser = new DebootstrapProgress();
    try {
      await runCommand(
        [
          // One debootstrap per cache at a time (other agents' test instances share it too):
          // two downloading the same .deb into the cache would corrupt it for both.
          "flock",
          path.join(config.imageCacheDir, ".build.lock"),
          "debootstrap",
          "--variant=minbase",
          `--include=${debootstrapPackages.join(",")}`,
          `--cache-dir=${config.imageCacheDir}`,
          recipe.suite,
          rootfs,
          archives.mirror,
        ],
        { timeoutMs: debootstrapTimeoutMs, onOutput: (chunk) => parser.feed(chunk).forEach(report) },
      );
    } catch (error) {
      throw error instanceof CommandError ? debootstrapFailure(recipe, archives.mirror, error) : error;
    } finally {
      // A debootstrap that died half-way leaves /proc and /sys mounted in the tree.
      await unmountBelow(rootfs);
    }
    report({ percent: debootstrapDonePercent, step: "Preparing the image for containers" });
    await prepareDebianRootfs(rootfs, { suite: recipe.suite, archives });
    const os = await readImageOs(rootfs);
    if (!os) throw new Error(`debootstrap of ${recipe.suite} left no os-release in ${rootfs}`);
    metadata = { name, version, os, init: "systemd", network: "ifupdown", source: "debootstrap", createdAt: new Date().toISOString() };
    report({ percent: 95, step: "Sealing the image" });
    await sealImage(path.dirname(rootfs), metadata);
  });
  if (!metadata) throw new Error(`build of ${name} finished without metadata`);

  report({ percent: 98, step: "Removing unused versions" });
  await pruneImageVersions(config, name);
  report({ percent: 100, step: "Done" });
  return { dir: target, metadata };
}
