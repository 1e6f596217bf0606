import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { runCommand } from "../run-command";
import { ensureDirectory } from "./directories";
import { findMount } from "./mounts";

/*
 * lxcfs gives every container its own /proc/meminfo, cpuinfo, stat, uptime, loadavg and
 * /sys/devices/system/cpu, computed from its cgroups: `free`, `top`, `uptime` and `nproc` in a
 * VPS show its plan and its life, not the host's. LXC's common.conf.d/00-lxcfs.conf mounts it
 * into every container that starts while it runs. One lxcfs serves the whole host, and it must
 * outlive the agent (a restart of it would break /proc in every running container), so the agent
 * starts it detached and only checks it.
 */

export const lxcfsMountpoint = "/var/lib/lxcfs";
const lxcfsBinary = "/usr/bin/lxcfs";
const startWaitMs = 5000;

/** True when lxcfs answers at its mountpoint (a dead one leaves a mount that fails every stat). */
export async function isLxcfsServing(): Promise<boolean> {
  const mount = await findMount(lxcfsMountpoint);
  if (mount?.type !== "fuse.lxcfs") return false;
  try {
    await stat(`${lxcfsMountpoint}/proc/meminfo`);
    return true;
  } catch {
    return false;
  }
}

/** Starts lxcfs if it is not serving (clearing a dead mount first); returns what it did. */
export async function ensureLxcfs(): Promise<string[]> {
  if (await isLxcfsServing()) return [];
  try {
    await stat(lxcfsBinary);
  } catch {
    throw new Error(`${lxcfsBinary} is missing: install the lxcfs package (it comes with lxc)`);
  }
  const actions: string[] = [];
  if (await findMount(lxcfsMountpoint)) {
    await runCommand(["umount", "-l", lxcfsMountpoint]);
    actions.push(`cleared a dead lxcfs mount at ${lxcfsMountpoint}`);
  }
  await ensureDirectory(lxcfsMountpoint);
  // Loadavg and CPU (CFS quota) views on; its own session, so it outlives the agent.
  const child = spawn(lxcfsBinary, ["--enable-loadavg", "--enable-cfs", lxcfsMountpoint], { detached: true, stdio: "ignore" });
  child.unref();
  const deadline = Date.now() + startWaitMs;
  while (!(await isLxcfsServing())) {
    if (Date.now() > deadline) throw new Error(`lxcfs did not start serving ${lxcfsMountpoint} within ${startWaitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  actions.push(`started lxcfs at ${lxcfsMountpoint}`);
  return actions;
}

/** Restarts lxcfs whenever a check finds it gone (containers started after that get their views back). */
export function superviseLxcfs(intervalMs: number, log: (message: string) => void): () => void {
  const timer = setInterval(() => {
    ensureLxcfs().then(
      (actions) => actions.forEach(log),
      (error: unknown) => log(`lxcfs: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
