import { mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DebianArchives } from "./debian-mirror";

/**
 * Units that fail in every unprivileged container (no kernel debug file system, no module
 * loading, ...): each one failing makes `systemctl is-system-running` say "degraded".
 */
export const unitsMaskedInContainers = ["sys-kernel-debug.mount", "systemd-modules-load.service"];

// First boot (agent/first-boot) adds eth0 with the VPS's static addresses.
const networkInterfaces = `# Loopback only: the VPS's own interface is configured at its first boot.
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
`;

const hosts = `127.0.0.1\tlocalhost
::1\t\tlocalhost ip6-localhost ip6-loopback
ff02::1\t\tip6-allnodes
ff02::2\t\tip6-allrouters
`;

function aptSources(archives: DebianArchives, suite: string): string {
  return [
    `deb ${archives.mirror} ${suite} main`,
    `deb ${archives.mirror} ${suite}-updates main`,
    `deb ${archives.security} ${suite}-security main`,
    "",
  ].join("\n");
}

/** Removes the entries of a folder inside the rootfs whose names pass `matches` (the folder may be absent). */
async function removeEntries(folder: string, matches: (name: string) => boolean): Promise<void> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  for (const entry of entries.filter(matches)) await rm(path.join(folder, entry), { recursive: true, force: true });
}

/**
 * Turns a fresh debootstrap tree into a template for many VPSs: nothing unique to one machine
 * (host keys, machine id, the build host's resolv.conf) and nothing that fails in a container.
 */
export async function prepareDebianRootfs(rootfs: string, options: { suite: string; archives: DebianArchives }): Promise<void> {
  const inRootfs = (...parts: string[]) => path.join(rootfs, ...parts);

  // Every VPS makes its own host keys at first boot; keys here would be shared by all of them.
  await removeEntries(inRootfs("etc", "ssh"), (name) => name.startsWith("ssh_host_"));
  // An empty machine-id makes systemd generate one at the first boot of each VPS.
  await writeFile(inRootfs("etc", "machine-id"), "");
  await rm(inRootfs("var", "lib", "dbus", "machine-id"), { force: true });

  await mkdir(inRootfs("etc", "systemd", "system"), { recursive: true });
  for (const unit of unitsMaskedInContainers) {
    const link = inRootfs("etc", "systemd", "system", unit);
    await rm(link, { force: true });
    await symlink("/dev/null", link);
  }

  await mkdir(inRootfs("etc", "network", "interfaces.d"), { recursive: true });
  await writeFile(inRootfs("etc", "network", "interfaces"), networkInterfaces);
  await writeFile(inRootfs("etc", "apt", "sources.list"), aptSources(options.archives, options.suite));
  await writeFile(inRootfs("etc", "hostname"), "localhost\n");
  await writeFile(inRootfs("etc", "hosts"), hosts);
  // debootstrap copied the build host's resolvers; each VPS gets its own at first boot.
  await writeFile(inRootfs("etc", "resolv.conf"), "");

  // debootstrap makes device nodes in /dev; LXC gives every container its own /dev (autodev), and
  // an image with device files could not be exported and imported again.
  await removeEntries(inRootfs("dev"), () => true);

  // Package lists and downloaded .debs are stale soon and would sit in every VPS's disk.
  await removeEntries(inRootfs("var", "cache", "apt", "archives"), (name) => name.endsWith(".deb"));
  await removeEntries(inRootfs("var", "cache", "apt"), (name) => name.endsWith(".bin"));
  await removeEntries(inRootfs("var", "lib", "apt", "lists"), (name) => name !== "partial" && name !== "lock");
  await removeEntries(inRootfs("var", "log"), (name) => name === "bootstrap.log" || name.startsWith("dpkg.log") || name.startsWith("alternatives.log"));
}
