import { existsSync, readFileSync } from "node:fs";
import { lchown, lstat, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { now, run, sleep } from "./measure";

// The raw LXC floor of /work/shared/PLATFORM.md, done by hand with the plain tools (no agent
// code): btrfs snapshot of the template, qgroup limit, a minimal unprivileged LXC config, then
// lxc-start until lxc-info says RUNNING. It uses the test agent's pool, LXC path and bridge, so
// both paths run on the same storage and network.

export interface RawLxcSetup {
  poolDir: string;
  lxcPath: string;
  bridge: string;
  /** First three octets of the bridge's /24, e.g. "10.85.0". */
  ipv4Prefix: string;
}

export interface RawTimings {
  total: number;
  snapshot: number;
  qgroup: number;
  config: number;
  start: number;
}

/** Host ids for the raw containers' root: inside root's /etc/subuid range, apart from the agent's. */
export const rawIdmapBase = 65536 * 200;
const idCount = 65536;

/** Cgroup v1 (this project's hybrid hosts) or v2, decided by where the memory controller is. */
export function cgroupVersion(): 1 | 2 {
  const mounts = readFileSync("/proc/mounts", "utf8").split("\n");
  return mounts.some((line) => {
    const [, , type, options = ""] = line.split(" ");
    return type === "cgroup" && options.split(",").includes("memory");
  })
    ? 1
    : 2;
}

/** Shifts owners of a tree by `base` (container ids 0..65535 to host ids), like a one-off chown. */
async function shiftTree(root: string, base: number): Promise<void> {
  const stats = await lstat(root);
  if (stats.uid < idCount || stats.gid < idCount) {
    await lchown(root, stats.uid < idCount ? stats.uid + base : stats.uid, stats.gid < idCount ? stats.gid + base : stats.gid);
  }
  if (stats.isDirectory()) {
    for (const entry of await readdir(root)) await shiftTree(path.join(root, entry), base);
  }
}

/**
 * Untimed preparation: a copy of the busybox template already owned by the raw containers' ids,
 * the way a hand-run host keeps a pre-shifted template. (The agent shifts ownership on every
 * create instead, since each VPS gets its own id range; that cost is part of its overhead.)
 */
export async function prepareShiftedTemplate(setup: RawLxcSetup): Promise<string> {
  const shifted = path.join(setup.poolDir, "templates", ".bench-raw-shifted");
  await run("btrfs", ["subvolume", "snapshot", path.join(setup.poolDir, "templates", "busybox"), shifted]);
  await shiftTree(path.join(shifted, "rootfs"), rawIdmapBase);
  return shifted;
}

function rawConfig(setup: RawLxcSetup, name: string, rootfs: string, index: number): string {
  const v1 = cgroupVersion() === 1;
  const prefix = v1 ? "lxc.cgroup" : "lxc.cgroup2";
  const memory = 96 * 2 ** 20;
  const memsw = v1 && existsSync("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes");
  const limits = v1
    ? [
        `${prefix}.memory.limit_in_bytes = ${memory}`,
        ...(memsw ? [`${prefix}.memory.memsw.limit_in_bytes = ${memory + 32 * 2 ** 20}`] : []),
        `${prefix}.cpu.cfs_period_us = 100000`,
        `${prefix}.cpu.cfs_quota_us = 50000`,
        `${prefix}.pids.max = 128`,
      ]
    : [`${prefix}.memory.max = ${memory}`, `${prefix}.cpu.max = 50000 100000`, `${prefix}.pids.max = 128`];
  const octet = 100 + index;
  return [
    "lxc.include = /usr/share/lxc/config/common.conf",
    "lxc.include = /usr/share/lxc/config/userns.conf",
    `lxc.rootfs.path = dir:${rootfs}`,
    `lxc.uts.name = ${name}`,
    "lxc.autodev = 1",
    `lxc.idmap = u 0 ${rawIdmapBase} ${idCount}`,
    `lxc.idmap = g 0 ${rawIdmapBase} ${idCount}`,
    "lxc.net.0.type = veth",
    `lxc.net.0.link = ${setup.bridge}`,
    "lxc.net.0.flags = up",
    "lxc.net.0.name = eth0",
    `lxc.net.0.ipv4.address = ${setup.ipv4Prefix}.${octet}/24 ${setup.ipv4Prefix}.255`,
    `lxc.net.0.ipv4.gateway = ${setup.ipv4Prefix}.1`,
    ...limits,
    "",
  ].join("\n");
}

/** One timed raw provisioning: snapshot, qgroup limit, config, lxc-start until RUNNING. */
export async function provisionRaw(setup: RawLxcSetup, shiftedTemplate: string, name: string, index: number): Promise<RawTimings> {
  const subvolume = path.join(setup.poolDir, "servers", name);
  const containerDir = path.join(setup.lxcPath, name);
  const t0 = now();
  await run("btrfs", ["subvolume", "snapshot", shiftedTemplate, subvolume]);
  const t1 = now();
  await run("btrfs", ["qgroup", "limit", "64M", subvolume]);
  const t2 = now();
  await mkdir(containerDir, { mode: 0o755 });
  await writeFile(path.join(containerDir, "config"), rawConfig(setup, name, path.join(subvolume, "rootfs"), index));
  const t3 = now();
  await run("lxc-start", ["-n", name, "-P", setup.lxcPath, "-d"]);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await run("lxc-info", ["-n", name, "-P", setup.lxcPath, "-s", "-H"]);
    if (state.trim() === "RUNNING") break;
    if (Date.now() > deadline) throw new Error(`raw container ${name} still ${state.trim()} after 20 s`);
    await sleep(1);
  }
  const t4 = now();
  return { total: t4 - t0, snapshot: t1 - t0, qgroup: t2 - t1, config: t3 - t2, start: t4 - t3 };
}

/** Untimed: kill the container, remove its LXC folder and its subvolume. Absent pieces are fine. */
export async function removeRaw(setup: RawLxcSetup, name: string): Promise<void> {
  await run("lxc-stop", ["-n", name, "-P", setup.lxcPath, "-k"]).catch(() => undefined);
  await rm(path.join(setup.lxcPath, name), { recursive: true, force: true });
  const subvolume = path.join(setup.poolDir, "servers", name);
  if (existsSync(subvolume)) await run("btrfs", ["subvolume", "delete", subvolume]);
}
