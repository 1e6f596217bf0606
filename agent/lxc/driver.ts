import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { limitSubvolumeSize, readQuotaUsage } from "../btrfs/quota";
import { removeSubvolumeWithQuota } from "../btrfs/remove-subvolume";
import { isSubvolume, subvolumeId } from "../btrfs/subvolume";
import type { AgentConfig } from "../config";
import type { ContainerDriver } from "../driver";
import { AgentError } from "../errors";
import { poolBlockDevice } from "../host/block-device";
import { detectCgroupLayout, type CgroupLayout } from "../host/cgroups";
import { isLinkUp, setLinkUp } from "../host/links";
import { poolFolders } from "../host/pool";
import { rescueImageDir } from "../host/rescue-image";
import { chooseRootfsOwnership, type RootfsOwnership } from "../host/rootfs-ownership";
import { availableTemplates } from "../host/templates";
import { resolveImage, type StoredImage } from "../images/image-store";
import { pruneImageVersions } from "../images/prune-image-versions";
import { applyFirstBoot, checkFirstBoot, noFirstBootSettings, rewriteAddresses, type FirstBootResult } from "../first-boot/apply-first-boot";
import type { ContainerLimits, ContainerNetwork, ContainerSpec, ContainerState, FirstBootSettings, HostKeyFingerprint, ImageMetadata, LiveLimits, UserDataResult } from "../types";
import { NetworkManager } from "../network/network-manager";
import { LxcCommands } from "./commands";
import { readSpecFromConfig, renderContainerConfig } from "./config-file";
import { hostVethName } from "../network/interface-names";
import { applyLimitsLive } from "./live-limits";
import { readLiveCgroupLimits } from "./read-live-limits";
import {
  hostKeysMarker,
  idmappedMarker,
  imageMarker,
  readdressMarker,
  readMarker,
  reinstallMarker,
  removeMarker,
  rescueMarker,
  suspendedMarker,
  userDataMarker,
  wantedRunningMarker,
  writeMarker,
} from "./markers";
import { setRootPasswordCommand } from "./root-password";
import { replaceRootfs, replacementScratch, snapshotRootfs } from "./rootfs";
import { lxcSettingsForImage } from "./template-settings";
import { readUserDataResult } from "./user-data-result";
import { pathExists } from "../path-exists";
import { CommandError } from "../run-command";
import { readOptionalFile } from "../read-optional-file";

export interface LxcDriverOptions {
  /** The host side of the containers' network (rules, bandwidth); made from the config when not given. */
  network?: NetworkManager;
  /** Seconds a clean shutdown may take before the container is killed. */
  stopTimeoutSeconds?: number;
  /** Seconds to wait for a started container to reach RUNNING. */
  startTimeoutSeconds?: number;
}

const mebibyte = 1024 * 1024;
// The rescue system's own writable copy is small: repairs are written to the server's disk.
const rescueDiskMb = 256;

function suspendedError(name: string): AgentError {
  return new AgentError("suspended", `container ${name} is suspended; unsuspend it first`);
}

function inRescueError(name: string): AgentError {
  return new AgentError("in_rescue", `container ${name} is running its rescue system; unrescue it first`);
}

/** An address change under way (readdressMarker). */
interface ReaddressRecord {
  afterwards: "running" | "stopped";
  previous: ContainerNetwork;
}

/** The user data marker: when first boot installed it, and its result once it was seen done. */
interface UserDataRecord {
  installedAt: string;
  result?: UserDataResult;
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
  private hostOwnership: Promise<RootfsOwnership> | null = null;
  private readonly network: NetworkManager;

  constructor(
    private readonly config: AgentConfig,
    options: LxcDriverOptions = {},
  ) {
    this.lxc = new LxcCommands(config.lxcPath);
    this.network = options.network ?? new NetworkManager({ config, containerSpecs: () => this.containerSpecs() });
    this.stopTimeoutSeconds = options.stopTimeoutSeconds ?? 20;
    this.startTimeoutSeconds = options.startTimeoutSeconds ?? 20;
  }

  private containerDir(name: string): string {
    return path.join(this.config.lxcPath, name);
  }

  private configFile(name: string): string {
    return path.join(this.containerDir(name), "config");
  }

  private logFile(name: string): string {
    return path.join(this.containerDir(name), "lxc.log");
  }

  private subvolume(name: string): string {
    return path.join(poolFolders(this.config).servers, name);
  }

  /** The rescue system's writable copy while the container is in rescue; the dot keeps it out of container names. */
  private rescueSubvolume(name: string): string {
    return path.join(poolFolders(this.config).servers, `.rescue-${name}`);
  }

  private async inRescue(name: string): Promise<boolean> {
    return (await readMarker(rescueMarker(this.containerDir(name)))) !== null;
  }

  private cgroups(): Promise<CgroupLayout> {
    this.cgroupLayout ??= detectCgroupLayout();
    return this.cgroupLayout;
  }

  /** How this host gives new containers their ids (decided once, at the first use). */
  rootfsOwnership(): Promise<RootfsOwnership> {
    this.hostOwnership ??= chooseRootfsOwnership(this.config);
    return this.hostOwnership;
  }

  /** How this container's root file system got its ids: recorded when it was created. */
  private async containerOwnership(name: string): Promise<RootfsOwnership> {
    return (await readMarker(idmappedMarker(this.containerDir(name)))) === null ? "shifted" : "idmapped";
  }

  consoleCommand(name: string, tty: number): string[] {
    return this.lxc.consoleCommand(name, tty);
  }

  async templates(): Promise<string[]> {
    return availableTemplates(this.config);
  }

  async state(name: string): Promise<ContainerState | null> {
    const configText = await readOptionalFile(this.configFile(name));
    if (configText === null) return null;
    const info = await this.lxc.info(name);
    const spec = readSpecFromConfig(configText);
    const diskUsedBytes = await this.diskUsedBytes(name);
    const image = await this.containerImage(name);
    const hostKeys = await readMarker(hostKeysMarker(this.containerDir(name)));
    return {
      ...info,
      suspended: (await readMarker(suspendedMarker(this.containerDir(name)))) !== null,
      rescue: await this.inRescue(name),
      wantedRunning: (await readMarker(wantedRunningMarker(this.containerDir(name)))) !== null,
      ...(spec ? { limits: spec.limits } : {}),
      ...(diskUsedBytes === null ? {} : { diskUsedBytes }),
      ...(image ? { image: { name: image.name, version: image.version } } : {}),
      ...(hostKeys === null ? {} : { hostKeys: JSON.parse(hostKeys) as HostKeyFingerprint[] }),
    };
  }

  async list(): Promise<ContainerState[]> {
    const states: ContainerState[] = [];
    for (const name of await this.containerNames()) {
      const state = await this.state(name);
      if (state) states.push(state);
    }
    return states;
  }

  /** Names of the folders under the LXC path (containers, or what a half-done create left). */
  private async containerNames(): Promise<string[]> {
    const entries = await readdir(this.config.lxcPath, { withFileTypes: true });
    return entries.filter((item) => item.isDirectory()).map((item) => item.name).sort((a, b) => a.localeCompare(b));
  }

  async spec(name: string): Promise<ContainerSpec | null> {
    const configText = await readOptionalFile(this.configFile(name));
    return configText === null ? null : readSpecFromConfig(configText);
  }

  async containerSpecs(): Promise<ContainerSpec[]> {
    const specs = await Promise.all((await this.containerNames()).map((name) => this.spec(name)));
    return specs.filter((spec): spec is ContainerSpec => spec !== null);
  }

  async liveLimits(name: string): Promise<LiveLimits | null> {
    if ((await readOptionalFile(this.configFile(name))) === null) return null;
    const subvolume = this.subvolume(name);
    const quota = (await isSubvolume(subvolume)) ? await readQuotaUsage(subvolume, await subvolumeId(subvolume)) : null;
    const disk = quota ? { diskMb: quota.limitBytes === null ? null : quota.limitBytes / mebibyte } : {};
    // A stopped container has no cgroup: its next start applies the configured limits anyway.
    if ((await this.lxc.info(name)).state === "STOPPED") return disk;
    try {
      const cgroupLimits = await readLiveCgroupLimits((key) => this.lxc.readCgroup(name, key), await this.cgroups(), await poolBlockDevice(this.config.poolDir));
      return { ...cgroupLimits, ...disk };
    } catch (error) {
      // It stopped while being read (its cgroup went): as stopped. Anything else is a real failure.
      if ((await this.lxc.info(name)).state === "STOPPED") return disk;
      throw error;
    }
  }

  async create(spec: ContainerSpec): Promise<ContainerState> {
    const image = await resolveImage(this.config, spec.template);
    const firstBoot = spec.firstBoot ?? noFirstBootSettings;
    checkFirstBoot(image.metadata, firstBoot);
    const existing = await this.state(spec.name);
    const subvolume = this.subvolume(spec.name);
    if (existing && (await isSubvolume(subvolume))) return existing;

    // Anything left is a create that stopped half-way (or a destroy that did): start over.
    await this.removeLeftovers(spec.name, existing);

    const ownership = await this.rootfsOwnership();
    await snapshotRootfs(subvolume, { templateDir: image.dir, diskMb: spec.limits.diskMb, idmapBase: spec.idmapBase, ownership });
    // LXC (as the mapped root) must be able to enter the container folder: 0755, not mkdir's umask.
    const dir = this.containerDir(spec.name);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    if (ownership === "idmapped") await writeMarker(idmappedMarker(dir), "idmap=container");
    await this.recordImage(spec.name, image);
    await this.recordFirstBoot(spec.name, await this.runFirstBoot(spec, image, path.join(subvolume, "rootfs"), ownership, firstBoot));
    await this.writeConfig(spec);
    // After the config: a retried create finds the container existing and returns above, so the
    // rules are written here or by the first start (which writes them again anyway).
    await this.network.containerCreated(spec);
    return this.requireState(spec.name);
  }

  async start(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    if (current.state === "RUNNING") return current;
    if (current.state === "FROZEN") {
      await this.lxc.unfreeze(name);
      return this.requireState(name);
    }
    await this.startStopped(name);
    return this.requireState(name);
  }

  async stop(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    await removeMarker(wantedRunningMarker(this.containerDir(name)));
    await this.stopIfRunning(current);
    return this.requireState(name);
  }

  async reboot(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    // A full stop and start: a new init, and the config (limits) is read afresh.
    await this.stopIfRunning(current);
    await this.startStopped(name);
    return this.requireState(name);
  }

  async suspend(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    // The marker goes first: if the agent dies half-way the container already counts as
    // suspended (start refused), and suspending again finishes the job.
    if (!current.suspended) await writeMarker(suspendedMarker(this.containerDir(name)), new Date().toISOString());
    if (current.state !== "STOPPED") {
      // Freezing alone is not enough: the kernel still answers ARP and ping for a frozen
      // container. A host-side veth that is down carries nothing either way, and the container
      // cannot bring it back up (it lives in the host's network namespace).
      const veth = hostVethName(name);
      if ((await isLinkUp(veth)) === true) await setLinkUp(veth, false);
      if (current.state !== "FROZEN") await this.lxc.freeze(name);
    }
    return this.requireState(name);
  }

  async unsuspend(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.state !== "STOPPED") {
      const veth = hostVethName(name);
      if ((await isLinkUp(veth)) === false) await setLinkUp(veth, true);
      if (current.state === "FROZEN") await this.lxc.unfreeze(name);
    }
    // The marker goes last, for the same reason it goes first in suspend.
    await removeMarker(suspendedMarker(this.containerDir(name)));
    return this.requireState(name);
  }

  async resize(name: string, limits: ContainerLimits): Promise<ContainerState> {
    const current = await this.requireState(name);
    const spec = await this.requireSpec(name);
    const subvolume = this.subvolume(name);
    // Synced: the quota numbers lag behind recent writes and deletes otherwise.
    const usage = await readQuotaUsage(subvolume, await subvolumeId(subvolume), { sync: true });
    const requestedBytes = limits.diskMb * mebibyte;
    if (requestedBytes < usage.referencedBytes) {
      const usedMb = Math.ceil(usage.referencedBytes / mebibyte);
      throw new AgentError("disk_in_use", `container ${name} uses ${usedMb} MiB of disk; it cannot shrink to ${limits.diskMb} MiB`, {
        usedBytes: usage.referencedBytes,
        requestedBytes,
      });
    }
    const ioDevice = await this.ioDeviceFor(limits);
    if (current.state !== "STOPPED") {
      await applyLimitsLive(this.lxc, name, { previous: spec.limits, next: limits, cgroups: await this.cgroups(), ioDevice });
    }
    await limitSubvolumeSize(subvolume, limits.diskMb);
    // Last: a resize interrupted before this is simply repeated (every step above is a plain set).
    await this.writeConfig({ ...spec, limits });
    if (current.state !== "STOPPED") await this.network.limitsChanged({ ...spec, limits });
    return this.requireState(name);
  }

  async reinstall(name: string, template: string, firstBoot: FirstBootSettings = noFirstBootSettings): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    if (current.rescue) throw inRescueError(name);
    const image = await resolveImage(this.config, template);
    checkFirstBoot(image.metadata, firstBoot);
    const spec = await this.requireSpec(name);
    // Whether to start at the end is decided once: a retry after an interruption finds the
    // container stopped by the first attempt, and must still start it.
    const marker = reinstallMarker(this.containerDir(name));
    let afterwards = await readMarker(marker);
    if (afterwards === null) {
      afterwards = current.state === "STOPPED" ? "stopped" : "running";
      await writeMarker(marker, afterwards);
    }
    await this.stopIfRunning(current);
    const ownership = await this.containerOwnership(name);
    const source = { templateDir: image.dir, diskMb: spec.limits.diskMb, idmapBase: spec.idmapBase, ownership };
    const firstBootResult = await replaceRootfs(this.config.poolDir, this.subvolume(name), source, (rootfs) =>
      this.runFirstBoot(spec, image, rootfs, ownership, firstBoot),
    );
    const previousImage = await this.containerImage(name);
    await this.recordImage(name, image);
    await this.recordFirstBoot(name, firstBootResult);
    await this.writeConfig({ ...spec, template });
    if (afterwards === "running") await this.startStopped(name);
    await removeMarker(marker);
    if (previousImage) await this.pruneImage(previousImage.name);
    return this.requireState(name);
  }

  async changeAddresses(name: string, network: ContainerNetwork): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    if (current.rescue) throw inRescueError(name);
    const spec = await this.requireSpec(name);
    // Decided once, with the addresses being left: a retry after an interruption finds the
    // container stopped and its config already new, and must still start it and drop the old rules.
    const marker = readdressMarker(this.containerDir(name));
    const recorded = await readMarker(marker);
    let change = recorded === null ? null : (JSON.parse(recorded) as ReaddressRecord);
    if (change === null) {
      if (JSON.stringify(spec.network) === JSON.stringify(network)) return current;
      change = { afterwards: current.state === "STOPPED" ? "stopped" : "running", previous: spec.network };
      await writeMarker(marker, JSON.stringify(change));
    }
    await this.stopIfRunning(current);
    const image = await this.containerImage(name);
    const ownership = await this.containerOwnership(name);
    await rewriteAddresses({
      rootfs: path.join(this.subvolume(name), "rootfs"),
      idOffset: ownership === "shifted" ? spec.idmapBase : 0,
      hostname: spec.hostname,
      network,
      // Containers made before images had metadata are BusyBox, whose addresses LXC sets.
      networkSystem: image?.network ?? "lxc",
    });
    const moved = { ...spec, network };
    await this.writeConfig(moved);
    await this.network.containerReaddressed({ ...spec, network: change.previous }, moved);
    if (change.afterwards === "running") await this.startStopped(name);
    await removeMarker(marker);
    return this.requireState(name);
  }

  async setRootPassword(name: string, hash: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    if (current.rescue) throw inRescueError(name);
    if (current.state !== "RUNNING") throw new AgentError("invalid_request", `container ${name} is not running; start it to set root's password`);
    try {
      await this.lxc.attach(name, setRootPasswordCommand(hash));
    } catch (error) {
      // The command line holds the hash: keep it out of the message, which reaches the agent's log.
      const detail = error instanceof CommandError ? `exit code ${error.exitCode}: ${error.stderr.trim()}` : "lxc-attach failed";
      throw new Error(`setting root's password in ${name} failed (${detail})`);
    }
    return current;
  }

  async userDataResult(name: string): Promise<UserDataResult> {
    const current = await this.requireState(name);
    const marker = userDataMarker(this.containerDir(name));
    const recorded = await readMarker(marker);
    if (recorded === null) return { state: "none", exitCode: null, output: "" };
    const record = JSON.parse(recorded) as UserDataRecord;
    if (record.result) return record.result;
    // Only the container's own running system can tell (a frozen one would hang lxc-attach).
    if (current.state !== "RUNNING" || current.rescue) return { state: "pending", exitCode: null, output: "" };
    const result = await readUserDataResult(this.lxc, name);
    // Kept once done, so a stopped container still answers; not if a reinstall replaced the record meanwhile.
    if (result.state === "done" && (await readMarker(marker)) === recorded) {
      await writeMarker(marker, JSON.stringify({ ...record, result } satisfies UserDataRecord));
    }
    return result;
  }

  async rescue(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    if (current.rescue && current.state === "RUNNING") return current;
    // The marker goes first: from here every start boots the rescue system, so a retry after a
    // crash finishes the job instead of booting the broken system again.
    await writeMarker(rescueMarker(this.containerDir(name)), new Date().toISOString());
    await this.stopIfRunning(current);
    const spec = await this.requireSpec(name);
    const rescueCopy = this.rescueSubvolume(name);
    await removeSubvolumeWithQuota(this.config.poolDir, rescueCopy);
    const ownership = await this.containerOwnership(name);
    await snapshotRootfs(rescueCopy, { templateDir: rescueImageDir(this.config), diskMb: rescueDiskMb, idmapBase: spec.idmapBase, ownership });
    await this.writeConfig(spec);
    await this.startStopped(name);
    return this.requireState(name);
  }

  async unrescue(name: string): Promise<ContainerState> {
    const current = await this.requireState(name);
    if (current.suspended) throw suspendedError(name);
    const rescueCopy = this.rescueSubvolume(name);
    if (!current.rescue && !(await pathExists(rescueCopy))) {
      // Not in rescue (or a retry after the copy was removed): only make sure the own system runs.
      if (current.state === "STOPPED") await this.startStopped(name);
      return this.requireState(name);
    }
    await this.stopIfRunning(current);
    // The marker goes before the copy, so a retry finds an ordinary container and only cleans up.
    await removeMarker(rescueMarker(this.containerDir(name)));
    await this.writeConfig(await this.requireSpec(name));
    await removeSubvolumeWithQuota(this.config.poolDir, rescueCopy);
    await this.startStopped(name);
    return this.requireState(name);
  }

  async destroy(name: string): Promise<void> {
    const image = await this.containerImage(name);
    const spec = await this.spec(name);
    await this.removeLeftovers(name, await this.state(name));
    // After the container is gone: its rules must hold as long as it may still send anything.
    if (spec) await this.network.containerDestroyed(spec);
    if (image) await this.pruneImage(image.name);
  }

  /**
   * Deletes the versions of an image that no container needs any more. Best effort: the
   * container's own change is already done, and every later prune (after a build, an import,
   * a destroy or a reinstall) tries again.
   */
  private async pruneImage(imageName: string): Promise<void> {
    await pruneImageVersions(this.config, imageName).catch(() => undefined);
  }

  private async requireState(name: string): Promise<ContainerState> {
    const current = await this.state(name);
    if (!current) throw new AgentError("not_found", `container ${name} does not exist`);
    return current;
  }

  /** The image the root file system was made from; null for containers made before images had metadata. */
  private async containerImage(name: string): Promise<ImageMetadata | null> {
    const text = await readMarker(imageMarker(this.containerDir(name)));
    return text === null ? null : (JSON.parse(text) as ImageMetadata);
  }

  private async recordImage(name: string, image: StoredImage): Promise<void> {
    await writeMarker(imageMarker(this.containerDir(name)), JSON.stringify(image.metadata));
  }

  /** First boot of a fresh, stopped copy of `image` at `rootfs`, before the config is written and before any start. */
  private runFirstBoot(spec: ContainerSpec, image: StoredImage, rootfs: string, ownership: RootfsOwnership, settings: FirstBootSettings): Promise<FirstBootResult> {
    return applyFirstBoot({
      rootfs,
      idOffset: ownership === "shifted" ? spec.idmapBase : 0,
      hostname: spec.hostname,
      network: spec.network,
      image: image.metadata,
      settings,
    });
  }

  /** What first boot made that the agent reports later, kept beside the config (the rootfs is the tenant's). */
  private async recordFirstBoot(name: string, result: FirstBootResult): Promise<void> {
    const dir = this.containerDir(name);
    if (result.hostKeys) await writeMarker(hostKeysMarker(dir), JSON.stringify(result.hostKeys));
    else await removeMarker(hostKeysMarker(dir));
    if (result.userData) await writeMarker(userDataMarker(dir), JSON.stringify({ installedAt: new Date().toISOString() } satisfies UserDataRecord));
    else await removeMarker(userDataMarker(dir));
  }

  /** The spec the config was written from (resize and reinstall re-render the config from it). */
  private async requireSpec(name: string): Promise<ContainerSpec> {
    const spec = readSpecFromConfig(await readFile(this.configFile(name), "utf8"));
    if (!spec) throw new Error(`config of ${name} carries no valid berth.spec line (written by an older agent?); recreate the container`);
    return spec;
  }

  /** The pool's block device if I/O limits need one; invalid_request if they can't be had. */
  private async ioDeviceFor(limits: ContainerLimits): Promise<string | null> {
    const device = await poolBlockDevice(this.config.poolDir);
    const field = limits.ioReadMbps !== undefined ? "ioReadMbps" : limits.ioWriteMbps !== undefined ? "ioWriteMbps" : null;
    if (!device && field) {
      throw new AgentError("invalid_request", `limits.${field}: I/O limits need the pool on a block device, and this host's is not`);
    }
    return device;
  }

  /** The config for the container's own system, or in rescue mode for the rescue system with its disk at /mnt/disk. */
  private async renderConfig(spec: ContainerSpec): Promise<string> {
    const ownRootfs = path.join(this.subvolume(spec.name), "rootfs");
    const rescue = await this.inRescue(spec.name);
    return renderContainerConfig({
      spec,
      rootfs: rescue ? path.join(this.rescueSubvolume(spec.name), "rootfs") : ownRootfs,
      rescueDisk: rescue ? ownRootfs : null,
      bridge: this.config.bridge,
      logFile: this.logFile(spec.name),
      cgroups: await this.cgroups(),
      template: lxcSettingsForImage(rescue ? null : await this.containerImage(spec.name)),
      seccompProfile: this.config.seccompProfile,
      ioDevice: await this.ioDeviceFor(spec.limits),
      ownership: await this.containerOwnership(spec.name),
    });
  }

  /** Write then rename: a config file is either complete or absent (or the previous one). */
  private async writeConfig(spec: ContainerSpec): Promise<void> {
    const partial = `${this.configFile(spec.name)}.partial`;
    await writeFile(partial, await this.renderConfig(spec), { mode: 0o644 });
    await rename(partial, this.configFile(spec.name));
  }

  /**
   * Starts a stopped container. The config is re-rendered first if it would now differ: the
   * pool's loop device (named in I/O limits) may have another number after a host reboot.
   */
  private async startStopped(name: string): Promise<void> {
    const contents = await readFile(this.configFile(name), "utf8");
    const spec = readSpecFromConfig(contents);
    if (spec && (await this.renderConfig(spec)) !== contents) await this.writeConfig(spec);
    // Before the veth exists: from its first frame, the container may only send as itself.
    if (spec) await this.network.beforeStart(spec);
    await writeMarker(wantedRunningMarker(this.containerDir(name)), new Date().toISOString());
    await this.lxc.start(name, this.startTimeoutSeconds, this.logFile(name));
    if (spec) await this.network.afterStart(spec);
  }

  private async stopIfRunning(current: ContainerState): Promise<void> {
    if (current.state === "STOPPED") return;
    // A frozen container cannot handle the halt signal, and frozen tasks cannot even be killed.
    if (current.state === "FROZEN") await this.lxc.unfreeze(current.name);
    await this.lxc.stop(current.name, this.stopTimeoutSeconds);
  }

  /** Bytes referenced by the container's subvolume, null if it has none (half-created). */
  private async diskUsedBytes(name: string): Promise<number | null> {
    const subvolume = this.subvolume(name);
    if (!(await isSubvolume(subvolume))) return null;
    return (await readQuotaUsage(subvolume, await subvolumeId(subvolume))).referencedBytes;
  }

  /** Stops the container if needed, then removes its LXC folder and its subvolume(s). */
  private async removeLeftovers(name: string, current: ContainerState | null): Promise<void> {
    if (current) await this.stopIfRunning(current);
    // The config goes first: once it is gone the container counts as absent (the markers go with it).
    await rm(this.containerDir(name), { recursive: true, force: true });
    const subvolume = this.subvolume(name);
    const scratch = replacementScratch(subvolume);
    for (const leftover of [subvolume, scratch.fresh, scratch.replaced, this.rescueSubvolume(name)]) {
      await removeSubvolumeWithQuota(this.config.poolDir, leftover);
    }
  }
}
