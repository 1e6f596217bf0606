import { lstat } from "node:fs/promises";
import path from "node:path";
import type { ImageMetadata } from "../types";
import { resolveInRootfs } from "./rootfs-paths";

/** The file a path leads to inside the rootfs (links resolved there), or null if it is missing. */
async function target(rootfs: string, relative: string): Promise<string | null> {
  const resolved = await resolveInRootfs(rootfs, relative);
  if (resolved === null) return null;
  try {
    await lstat(resolved);
    return resolved;
  } catch {
    return null;
  }
}

async function anyExists(rootfs: string, paths: string[]): Promise<boolean> {
  for (const relative of paths) if ((await target(rootfs, relative)) !== null) return true;
  return false;
}

const busyboxPaths = ["bin/busybox", "usr/bin/busybox", "sbin/busybox"];

/** Whether `file` is BusyBox itself: a link to it, or a hard link of it (an applet under another name). */
async function isBusybox(rootfs: string, file: string): Promise<boolean> {
  if (path.basename(file) === "busybox") return true;
  const stats = await lstat(file);
  for (const relative of busyboxPaths) {
    const busybox = await target(rootfs, relative);
    if (busybox === null) continue;
    const other = await lstat(busybox);
    if (other.ino === stats.ino && other.dev === stats.dev) return true;
  }
  return false;
}

// A tool that is only a BusyBox applet is not the real package (its ifup reads no config at boot).
async function realTool(rootfs: string, paths: string[]): Promise<boolean> {
  for (const relative of paths) {
    const found = await target(rootfs, relative);
    if (found !== null && !(await isBusybox(rootfs, found))) return true;
  }
  return false;
}

/** Which init the image boots: what /sbin/init is, or an installed systemd without one. */
export async function detectInit(rootfs: string): Promise<ImageMetadata["init"]> {
  const init = (await target(rootfs, "sbin/init")) ?? (await target(rootfs, "usr/sbin/init"));
  const initName = init === null ? null : path.basename(init);
  if (initName === "systemd") return "systemd";
  if (initName === "openrc-init" || (await anyExists(rootfs, ["sbin/openrc", "usr/sbin/openrc"]))) return "openrc";
  if (init !== null && (await isBusybox(rootfs, init))) return "busybox";
  if (init === null && (await anyExists(rootfs, ["lib/systemd/systemd", "usr/lib/systemd/systemd"]))) return "systemd";
  return "other";
}

/** Which network system the image configures its addresses with; "lxc" when it has none of these. */
export async function detectNetwork(rootfs: string): Promise<ImageMetadata["network"]> {
  if (await anyExists(rootfs, ["usr/sbin/netplan"])) return "netplan";
  if (await anyExists(rootfs, ["usr/sbin/NetworkManager"])) return "networkmanager";
  if (await realTool(rootfs, ["sbin/ifup", "usr/sbin/ifup"])) return "ifupdown";
  if (await anyExists(rootfs, ["lib/systemd/systemd-networkd", "usr/lib/systemd/systemd-networkd"])) return "networkd";
  return "lxc";
}
