import { access, chmod, writeFile } from "node:fs/promises";
import { runCommand } from "../run-command";
import type { TemplateDefinition } from "./catalog";

const lxcBusyboxScript = "/usr/share/lxc/templates/lxc-busybox";
// Debian's busybox-static package: a static binary, so the rootfs needs no host libraries.
const staticBusybox = "/bin/busybox";

// The stock rcS runs udhcpc, which waits for a DHCP server nobody runs here; LXC already sets
// the static addresses and routes on eth0 before init starts, so only mount the fstab.
const initScript = "#!/bin/sh\n/bin/mount -a\n";

/**
 * What the browser console (agent/console/) finds on the console and on tty1 and tty2: a login
 * prompt, or in the rescue system a root shell at once (the panel's console ticket is the gate,
 * and the customer's password lives on the disk being repaired, not in the rescue system).
 */
export type ConsoleAccess = "login" | "root-shell";

const consoleTtys = ["console", "tty1", "tty2"];

function inittab(access: ConsoleAccess): string {
  const session = (tty: string) =>
    // init opens the tty as the controlling terminal; "-" makes sh a login shell.
    access === "login" ? `${tty}::respawn:/bin/getty -L 115200 ${tty} vt100` : `${tty}::respawn:-/bin/sh`;
  return ["::sysinit:/etc/init.d/rcS", ...consoleTtys.map(session), "::ctrlaltdel:/bin/reboot", ""].join("\n");
}

/** Builds the BusyBox root file system; `console` decides what the console offers. */
export async function buildBusyboxRootfs(rootfs: string, workDir: string, console: ConsoleAccess): Promise<void> {
  try {
    await access(staticBusybox);
  } catch {
    throw new Error(`${staticBusybox} is missing: install the busybox-static package`);
  }
  // The script writes a throwaway LXC config into --path; we write our own per container.
  await runCommand([lxcBusyboxScript, "--path", workDir, "--name", "busybox", "--rootfs", rootfs, "--busybox-path", staticBusybox]);
  await writeFile(`${rootfs}/etc/init.d/rcS`, initScript);
  await chmod(`${rootfs}/etc/init.d/rcS`, 0o744);
  await writeFile(`${rootfs}/etc/inittab`, inittab(console), { mode: 0o644 });
  // Root is locked ("!") until first boot writes the customer's password hash here.
  await writeFile(`${rootfs}/etc/shadow`, "root:!:0:0:99999:7:::\n", { mode: 0o640 });
  await chmod(`${rootfs}/etc/shadow`, 0o640);
}

export const busyboxTemplate: TemplateDefinition = {
  name: "busybox",
  description: "Minimal busybox system (static busybox, busybox init, a login on the console), built offline",
  buildRootfs: (rootfs, workDir) => buildBusyboxRootfs(rootfs, workDir, "login"),
};
