import { readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { createSubvolume, deleteSubvolume, isSubvolume } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import { templateCatalog } from "../templates/catalog";
import { ensureDirectory } from "./directories";
import { poolFolders } from "./pool";

const buildingPrefix = ".building-";

/**
 * Builds every catalog template that is missing. A template is built in a scratch subvolume
 * and renamed into place at the end, so <pool>/templates/<name> existing means it is complete;
 * scratch subvolumes left by an interrupted build are deleted first.
 */
export async function ensureTemplates(config: AgentConfig): Promise<string[]> {
  const actions: string[] = [];
  const { templates } = poolFolders(config);

  for (const entry of await readdir(templates)) {
    if (!entry.startsWith(buildingPrefix)) continue;
    const leftover = path.join(templates, entry);
    if (await isSubvolume(leftover)) await deleteSubvolume(leftover);
    else await rm(leftover, { recursive: true, force: true });
    actions.push(`removed unfinished template build ${leftover}`);
  }

  for (const template of templateCatalog) {
    const target = path.join(templates, template.name);
    if (await isSubvolume(target)) continue;
    const scratch = path.join(templates, `${buildingPrefix}${template.name}`);
    const workDir = path.join(config.dataDir, `template-work-${template.name}`);
    await rm(workDir, { recursive: true, force: true });
    await ensureDirectory(workDir, 0o700);
    try {
      await createSubvolume(scratch);
      await ensureDirectory(path.join(scratch, "rootfs"));
      await template.buildRootfs(path.join(scratch, "rootfs"), workDir);
      await rename(scratch, target);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    actions.push(`built template ${template.name} at ${target}`);
  }
  return actions;
}

/** Names of the templates present in the pool. */
export async function availableTemplates(config: AgentConfig): Promise<string[]> {
  const { templates } = poolFolders(config);
  const names: string[] = [];
  for (const entry of await readdir(templates).catch(() => [] as string[])) {
    if (!entry.startsWith(".") && (await isSubvolume(path.join(templates, entry)))) names.push(entry);
  }
  return names.sort();
}
