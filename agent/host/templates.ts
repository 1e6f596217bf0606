import { readdir } from "node:fs/promises";
import path from "node:path";
import { isSubvolume } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import { listStoredImages } from "../images/image-store";
import { templateCatalog } from "../templates/catalog";
import { buildImageSubvolume, removeUnfinishedBuild } from "./build-image";
import { poolFolders } from "./pool";

const buildingPrefix = ".building-";

/**
 * Builds every catalog template that is missing, each in a scratch subvolume renamed into place
 * at the end (buildImageSubvolume); scratch left by an interrupted build is deleted first.
 */
export async function ensureTemplates(config: AgentConfig): Promise<string[]> {
  const actions: string[] = [];
  const { templates } = poolFolders(config);

  for (const entry of await readdir(templates)) {
    if (!entry.startsWith(buildingPrefix)) continue;
    await removeUnfinishedBuild(path.join(templates, entry));
    actions.push(`removed unfinished template build ${path.join(templates, entry)}`);
  }

  for (const template of templateCatalog) {
    const target = path.join(templates, template.name);
    if (await isSubvolume(target)) continue;
    await buildImageSubvolume(target, path.join(config.dataDir, `template-work-${template.name}`), (rootfs, workDir) => template.buildRootfs(rootfs, workDir));
    actions.push(`built template ${template.name} at ${target}`);
  }
  return actions;
}

/** Names of the images containers can be made from (each name once, whatever its versions). */
export async function availableTemplates(config: AgentConfig): Promise<string[]> {
  const names = (await listStoredImages(config)).map((image) => image.metadata.name);
  return [...new Set(names)].sort();
}
