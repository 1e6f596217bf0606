import { access, mkdir, readdir, rename, rm, writeFile, chmod } from "node:fs/promises";
import path from "node:path";
import { tryDestroyQuotaGroup, limitSubvolumeSize } from "../btrfs/quota";
import { deleteSubvolumeTree, isSubvolume, snapshotSubvolume, subvolumeId } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import type { ContainerDriver } from "../driver";
import { AgentError } from "../errors";
import { detectCgroupLayout, type CgroupLayout } from "../host/cgroups";
import { poolFolders } from "../host/pool";
import { availableTemplates } from "../host/templates";
import { shiftOwnership } from "../shift-ownership";
import { findTemplate } from "../templates/catalog";
import type { ContainerSpec, ContainerState } from "../types";
import { LxcCommands } from "./commands";
import { renderContainerConfig } from "./config-file";
import { lxcSettingsForTemplate } from "./template-settings";

export interface LxcDriverOptions {
  /** Seconds a clean shutdown may take before the container is killed. */
  stopTimeoutSeconds?: number;
  /** Seconds to wait for a started container to reach RUNNING. */
  startTimeoutSeconds?: number;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Containers as LXC system containers: the rootfs is a writable btrfs snapshot of a template
 * (<pool>/servers/<name>/rootfs), its disk size a quota group limit, and the LXC config lives in
 * <lxcPath>/<name>/config. The config is written last, so "config exists" means "created".
 */
export class LxcDriver implements ContainerDriver {
  private readonly lxc: LxcCommands;
  private readonly stopTimeoutSeconds: number;
  private readonly startTimeoutSeconds: number;
  private cgroupLayout: Promise<CgroupLayout> | null = null;

  constructor(
    private readonly config: AgentConfig,
    options: LxcDriverOptions = {},
  ) {
    this.lxc = new LxcCommands(config.lxcPath);
    this.stopTimeoutSeconds = options.stopTimeoutSeconds ?? 20;
    this.startTimeoutSeconds = options.startTimeoutSeconds ?? 20;
  }

  private containerDir(name: string): string {
    return path.join(this.config.lxcPath, name);
  }

  private configFile(name: string): string {
    return path.join(this.containerDir(name), "config");
  }

  private subvolume(name: string): string {
    return path.join(poolFolders(this.config).servers, name);
  }

  private cgroups(): Promise<CgroupLayout> {
    this.cgroupLayout ??= detectCgroupLayout();
    return this.cgroupLayout;
  }

  async templates(): Promise<string[]> {
    return availableTemplates(this.config);
  }

  async state(name: string): Promise<ContainerState | null> {
    if (!(await exists(this.configFile(name)))) return null;
    return this.lxc.info(name);
  }

  async list(): Promise<ContainerState[]> {
    const entries = await readdir(this.config.lxcPath, { withFileTypes: true });
    const states: ContainerState[] = [];
    for (const entry of entries.filter((item) => item.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const state = await this.state(entry.name);
      if (state) states.push(state);
    }
    return states;
  }

  async create(spec: ContainerSpec): Promise<ContainerState> {
    const templateDir = path.join(poolFolders(this.config).templates, spec.template);
    if (!findTemplate(spec.template) || !(await isSubvolume(templateDir))) {
      throw new AgentError("unknown_template", `template ${spec.template} is not available on this host`, {
        available: await this.templates(),
      });
    }
    const existing = await this.state(spec.name);
    const subvolume = this.subvolume(spec.name);
    if (existing && (await isSubvolume(subvolume))) return existing;

    // Anything left is a create that stopped half-way (or a destroy that did): start over.
    await this.removeLeftovers(spec.name, existing);

    await snapshotSubvolume(templateDir, subvolume);
    await limitSubvolumeSize(subvolume, spec.limits.diskMb);
    const rootfs = path.join(subvolume, "rootfs");
    await shiftOwnership(rootfs, spec.idmapBase);

    // LXC (as the mapped root) must be able to enter the container folder: 0755, not mkdir's umask.
    const dir = this.containerDir(spec.name);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    const contents = renderContainerConfig({
      spec,
      rootfs,
      bridge: this.config.bridge,
      logFile: path.join(dir, "lxc.log"),
      cgroups: await this.cgroups(),
      template: lxcSettingsForTemplate(spec.template),
    });
    // Write then rename: a config file is either complete or absent.
    const partial = `${this.configFile(spec.name)}.partial`;
    await writeFile(partial, contents, { mode: 0o644 });
    await rename(partial, this.configFile(spec.name));
    return this.lxc.info(spec.name);
  }

  async start(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.state === "RUNNING") return current;
    if (current.state === "FROZEN") {
      await this.lxc.unfreeze(name);
      return this.lxc.info(name);
    }
    await this.lxc.start(name, this.startTimeoutSeconds, path.join(this.containerDir(name), "lxc.log"));
    return this.lxc.info(name);
  }

  async stop(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    await this.stopIfRunning(current);
    return this.lxc.info(name);
  }

  async destroy(name: string): Promise<void> {
    await this.removeLeftovers(name, await this.state(name));
  }

  private async requireState(name: string): Promise<ContainerState> {
    const current = await this.state(name);
    if (!current) throw new AgentError("not_found", `container ${name} does not exist`);
    return current;
  }

  private async stopIfRunning(current: ContainerState): Promise<void> {
    if (current.state === "STOPPED") return;
    // A frozen container cannot handle the halt signal, and frozen tasks cannot even be killed.
    if (current.state === "FROZEN") await this.lxc.unfreeze(current.name);
    await this.lxc.stop(current.name, this.stopTimeoutSeconds);
  }

  /** Stops the container if needed, then removes its LXC folder and its subvolume. */
  private async removeLeftovers(name: string, current: ContainerState | null): Promise<void> {
    if (current) await this.stopIfRunning(current);
    // The config goes first: once it is gone the container counts as absent.
    await rm(this.containerDir(name), { recursive: true, force: true });
    const subvolume = this.subvolume(name);
    if (await isSubvolume(subvolume)) {
      const id = await subvolumeId(subvolume);
      await deleteSubvolumeTree(this.config.poolDir, subvolume);
      await tryDestroyQuotaGroup(this.config.poolDir, id);
    } else if (await exists(subvolume)) {
      await rm(subvolume, { recursive: true, force: true });
    }
  }
}
