import { access, chmod, writeFile } from "node:fs/promises";
import { runCommand } from "../run-command";
import type { TemplateDefinition } from "./catalog";

const lxcBusyboxScript = "/usr/share/lxc/templates/lxc-busybox";
// Debian's busybox-static package: a static binary, so the rootfs needs no host libraries.
const staticBusybox = "/bin/busybox";

// The stock rcS runs udhcpc, which waits for a DHCP server nobody runs here; LXC already sets
// the static addresses and routes on eth0 before init starts, so only mount the fstab.
const initScript = "#!/bin/sh\n/bin/mount -a\n";

async function buildBusyboxRootfs(rootfs: string, workDir: string): Promise<void> {
  try {
    await access(staticBusybox);
  } catch {
    throw new Error(`${staticBusybox} is missing: install the busybox-static package`);
  }
  // The script writes a throwaway LXC config into --path; we write our own per container.
  await runCommand([lxcBusyboxScript, "--path", workDir, "--name", "busybox", "--rootfs", rootfs, "--busybox-path", staticBusybox]);
  await writeFile(`${rootfs}/etc/init.d/rcS`, initScript);
  await chmod(`${rootfs}/etc/init.d/rcS`, 0o744);
}

export const busyboxTemplate: TemplateDefinition = {
  name: "busybox",
  description: "Minimal busybox system (static busybox, busybox init), built offline",
  buildRootfs: buildBusyboxRootfs,
};
