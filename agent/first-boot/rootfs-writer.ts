import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, lchown, lstat, mkdir, open, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { resolveInRootfs } from "../images/rootfs-paths";

/** Owner and mode of a file, in the container's own ids (0 = its root). */
export interface FileAttributes {
  mode: number;
  uid: number;
  gid: number;
}

/** lstat, or null when nothing is there. */
async function lstatOrNull(hostPath: string) {
  try {
    return await lstat(hostPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Reads and writes a container's root file system from the host, as host root. A symbolic link
 * in the image could point at a host path (/etc/resolv.conf -> /etc/shadow), so folders are
 * looked up like a chroot would (resolveInRootfs: each component with lstat, a link followed only
 * inside the rootfs). A write never follows its last component: it renames a fresh file over it,
 * replacing a link with a plain file.
 *
 * Ids: an idmapped container's files carry its own ids on disk (0 = its root); a shifted one's
 * carry host ids, `idOffset` (its idmapBase) higher.
 */
export class RootfsWriter {
  constructor(
    readonly root: string,
    private readonly idOffset: number,
  ) {}

  /** The host path of folder `dir` inside the rootfs (links resolved inside it); missing folders are made, root's and 0755. */
  private async ensureFolder(dir: string): Promise<string> {
    const resolved = await resolveInRootfs(this.root, dir);
    if (resolved !== null) {
      if (!(await lstat(resolved)).isDirectory()) throw new Error(`${dir} is not a folder in the container's root file system`);
      return resolved;
    }
    const hostPath = path.join(await this.ensureFolder(path.posix.dirname(dir)), path.posix.basename(dir));
    await this.makeFolder(hostPath, 0o755);
    return hostPath;
  }

  /** Where `file` itself is (its folder resolved inside the rootfs, its last component not followed). */
  private async place(file: string): Promise<string> {
    return path.join(await this.ensureFolder(path.posix.dirname(file)), path.posix.basename(file));
  }

  private async makeFolder(hostPath: string, mode: number): Promise<void> {
    await mkdir(hostPath, { mode });
    await lchown(hostPath, this.idOffset, this.idOffset);
    // mkdir's mode passes through the umask.
    await chmod(hostPath, mode);
  }

  /** A regular file's text, or null when it (or a folder on its way) is missing. */
  async read(file: string): Promise<string | null> {
    const hostPath = await resolveInRootfs(this.root, file);
    if (hostPath === null) return null;
    // O_NOFOLLOW: the path was resolved inside the rootfs; nothing may swap a link in meanwhile.
    // O_NONBLOCK: a FIFO placed there must not hang the agent (it is refused below as not a file).
    const handle = await open(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file in the container's root file system`);
      return await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  }

  /** Owner (container ids) and mode of a file, null when absent; a link counts as absent. */
  async attributes(file: string): Promise<FileAttributes | null> {
    const folder = await resolveInRootfs(this.root, path.posix.dirname(file));
    const stats = folder === null ? null : await lstatOrNull(path.join(folder, path.posix.basename(file)));
    if (!stats?.isFile()) return null;
    return { mode: stats.mode & 0o7777, uid: stats.uid - this.idOffset, gid: stats.gid - this.idOffset };
  }

  /** Whether the path exists inside the rootfs (links followed inside it). */
  async exists(file: string): Promise<boolean> {
    return (await resolveInRootfs(this.root, file)) !== null;
  }

  /**
   * Writes `file` whole: a new file beside it, owned and moded as asked, renamed over it (a link
   * at its place is replaced, never followed). Missing parent folders are created.
   */
  async write(file: string, contents: string | Buffer, attributes: Partial<FileAttributes> & { mode: number }): Promise<void> {
    const hostPath = await this.place(file);
    const scratch = path.join(path.dirname(hostPath), `.berth-${randomBytes(6).toString("hex")}`);
    const handle = await open(scratch, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      try {
        await handle.writeFile(contents);
        await handle.chown((attributes.uid ?? 0) + this.idOffset, (attributes.gid ?? 0) + this.idOffset);
        await handle.chmod(attributes.mode);
      } finally {
        await handle.close();
      }
      await rename(scratch, hostPath);
    } catch (error) {
      await rm(scratch, { force: true });
      throw error;
    }
  }

  /** Makes a folder (and its parents) owned by the container's root with `mode`, or gives an existing one that mode and owner. */
  async folder(file: string, mode: number): Promise<void> {
    const hostPath = (await resolveInRootfs(this.root, file)) ?? (await this.place(file));
    const stats = await lstatOrNull(hostPath);
    if (stats === null) return this.makeFolder(hostPath, mode);
    if (!stats.isDirectory()) throw new Error(`${file} is not a folder in the container's root file system`);
    await lchown(hostPath, this.idOffset, this.idOffset);
    await chmod(hostPath, mode);
  }

  /** Makes `file` a symbolic link to `target` (a path as the container sees it), replacing what was there. */
  async link(file: string, target: string): Promise<void> {
    const hostPath = await this.place(file);
    await rm(hostPath, { force: true });
    await symlink(target, hostPath);
    await lchown(hostPath, this.idOffset, this.idOffset);
  }
}
