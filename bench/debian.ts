import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type SQLite from "better-sqlite3";
import { buildImageVersion } from "../agent/images/build-image-version";
import { resolveImage } from "../agent/images/image-store";
import { createOrder } from "../lib/orders/create-order";
import type { BerthTestStack } from "../test/support/berth-stack";
import { testSpec } from "../test/support/agent";
import { now, run, sleep, summarize, type Row } from "./measure";
import { cgroupVersion, rawIdmapBase } from "./raw-lxc";
import { waitForSshBanner } from "./ssh-banner";

// Debian 12 lines of the benchmark: order accepted -> sshd's banner on the VPS's IPv4, beside a
// floor done by hand on the same pool (btrfs snapshot + idmapped lxc-start + wait for the banner),
// and create time for BusyBox vs Debian (the idmapped rootfs makes it independent of image size).

export interface DebianBenchOptions {
  stack: BerthTestStack;
  /** The stack's bridge network's first three IPv4 octets (e.g. "10.86.0"). */
  ipv4Prefix: string;
  runs: number;
  reader: SQLite.Database;
  progress(text: string): void;
  killAndDestroy(name: string): Promise<void>;
  checkInterrupted(): void;
}

const image = "debian-12";

/** Untimed: a copy of the image with host keys made once, as a hand-run host would keep it (the agent makes fresh ones per VPS). */
async function prepareFloorImage(poolDir: string, imageDir: string): Promise<string> {
  const copy = path.join(poolDir, "templates", ".bench-debian-floor");
  await run("btrfs", ["subvolume", "snapshot", imageDir, copy]);
  await run("ssh-keygen", ["-A", "-f", path.join(copy, "rootfs")]);
  return copy;
}

function floorConfig(options: { name: string; rootfs: string; bridge: string; ipv4Prefix: string; octet: number }): string {
  const memory = 256 * 2 ** 20;
  const limits =
    cgroupVersion() === 1
      ? [`lxc.cgroup.memory.limit_in_bytes = ${memory}`, "lxc.cgroup.cpu.cfs_period_us = 100000", "lxc.cgroup.cpu.cfs_quota_us = 100000", "lxc.cgroup.pids.max = 256"]
      : [`lxc.cgroup2.memory.max = ${memory}`, "lxc.cgroup2.cpu.max = 100000 100000", "lxc.cgroup2.pids.max = 256"];
  return [
    "lxc.include = /usr/share/lxc/config/common.conf",
    "lxc.include = /usr/share/lxc/config/userns.conf",
    `lxc.rootfs.path = dir:${options.rootfs}`,
    "lxc.rootfs.options = idmap=container",
    `lxc.uts.name = ${options.name}`,
    "lxc.autodev = 1",
    "lxc.signal.halt = SIGRTMIN+3",
    `lxc.idmap = u 0 ${rawIdmapBase} 65536`,
    `lxc.idmap = g 0 ${rawIdmapBase} 65536`,
    "lxc.net.0.type = veth",
    `lxc.net.0.link = ${options.bridge}`,
    "lxc.net.0.flags = up",
    "lxc.net.0.name = eth0",
    `lxc.net.0.ipv4.address = ${options.ipv4Prefix}.${options.octet}/24 ${options.ipv4Prefix}.255`,
    `lxc.net.0.ipv4.gateway = ${options.ipv4Prefix}.1`,
    ...limits,
    "",
  ].join("\n");
}

async function floorRun(options: DebianBenchOptions, floorImage: string, index: number): Promise<number> {
  const { poolDir, lxcPath, bridge } = options.stack.host.config;
  const name = `bench-debfloor-${index}`;
  const subvolume = path.join(poolDir, "servers", name);
  const octet = 200 + (index % 50);
  try {
    const started = now();
    await run("btrfs", ["subvolume", "snapshot", floorImage, subvolume]);
    await run("btrfs", ["qgroup", "limit", "2G", subvolume]);
    await mkdir(path.join(lxcPath, name), { mode: 0o755 });
    await writeFile(path.join(lxcPath, name, "config"), floorConfig({ name, rootfs: path.join(subvolume, "rootfs"), bridge, ipv4Prefix: options.ipv4Prefix, octet }));
    await run("lxc-start", ["-n", name, "-P", lxcPath, "-d"]);
    await waitForSshBanner(`${options.ipv4Prefix}.${octet}`);
    return now() - started;
  } finally {
    await run("lxc-stop", ["-n", name, "-P", lxcPath, "-k"]).catch(() => undefined);
    await rm(path.join(lxcPath, name), { recursive: true, force: true });
    await run("btrfs", ["subvolume", "delete", subvolume]).catch(() => undefined);
    // The host's ARP entry for the address would point at the old MAC for the next run.
    await run("ip", ["neigh", "flush", "to", `${options.ipv4Prefix}.${octet}`]).catch(() => undefined);
  }
}

async function orderRun(options: DebianBenchOptions, index: number): Promise<number> {
  const { stack, reader } = options;
  const readAddress = reader.prepare('SELECT a.address AS address FROM "IpAddress" a JOIN "IpPool" p ON p.id = a.poolId WHERE a.serverId = ? AND p.family = 4');
  let containerName: string | null = null;
  try {
    const started = now();
    const { server } = await createOrder({
      database: stack.database,
      queue: stack.queue,
      customerId: stack.customerId,
      input: { plan: "bench-debian", template: image, hostname: `bench-deb-${index}`, rootPassword: "bench-root-password" },
    });
    containerName = server.containerName;
    let address: string | undefined;
    const deadline = Date.now() + 60_000;
    while (!address) {
      address = (readAddress.get(server.id) as { address: string } | undefined)?.address;
      if (Date.now() > deadline) throw new Error(`order ${index}: no address after 60 s`);
      if (!address) await sleep(2);
    }
    await waitForSshBanner(address);
    return now() - started;
  } finally {
    if (containerName) await options.killAndDestroy(containerName).catch(() => undefined);
  }
}

/** Agent create (PUT, no start) of one image: snapshot, qgroup, first boot, config. */
async function createRun(options: DebianBenchOptions, template: string, index: number): Promise<number> {
  const { client } = options.stack.host;
  const name = `bench-create-${template.replace(/[^a-z0-9]/g, "")}-${index}`;
  const spec = testSpec(name, 100 + index, { template, limits: { cpus: 1, memoryMb: 256, swapMb: 0, diskMb: 2048, processes: 256 } }, { bridge: "unused", ipv4Prefix: options.ipv4Prefix, ipv6Prefix: "fd77:6265:7274:86" });
  try {
    const started = now();
    await client.createContainer({ ...spec, firstBoot: { sshKeys: [], rootPasswordHash: null, resolvers: [], userData: null } });
    return now() - started;
  } finally {
    await client.destroyContainer(name);
  }
}

/** Builds the Debian 12 image on the stack's agent (untimed), then measures the Debian lines. */
export async function benchDebian(options: DebianBenchOptions, rows: Row[], details: Row[], notes: string[]): Promise<void> {
  const { stack, runs } = options;
  options.progress("building the debian-12 image with debootstrap (untimed; one to two minutes with a warm package cache) ...");
  const buildStarted = now();
  await buildImageVersion(stack.host.config, image, () => undefined);
  notes.push(`D. the debian-12 image was built in ${((now() - buildStarted) / 1000).toFixed(1)} s (debootstrap, untimed in the lines)`);
  const stored = await resolveImage(stack.host.config, image);
  await stack.database.template.create({ data: { slug: image, name: stored.metadata.os.prettyName, agentTemplate: image } });
  await stack.database.plan.create({
    data: { slug: "bench-debian", name: "Bench Debian", vcpus: 1, memoryMb: 256, swapMb: 0, diskMb: 2048, processes: 256, ioReadMbps: 100, ioWriteMbps: 100, networkMbps: 100, monthlyPriceCents: 100 },
  });

  const floorImage = await prepareFloorImage(stack.host.config.poolDir, stored.dir);
  const floor: number[] = [];
  const orders: number[] = [];
  try {
    for (let index = 0; index <= runs; index += 1) {
      options.checkInterrupted();
      const duration = await floorRun(options, floorImage, index);
      if (index > 0) floor.push(duration);
    }
  } finally {
    await run("btrfs", ["subvolume", "delete", floorImage]).catch(() => undefined);
  }
  options.progress(`debian floor: ${runs} runs done`);
  for (let index = 0; index <= runs; index += 1) {
    options.checkInterrupted();
    const duration = await orderRun(options, index);
    if (index > 0) orders.push(duration);
  }
  options.progress(`debian orders: ${runs} runs done`);
  const floorMedian = summarize(floor).median;
  notes.push(`D. Berth's overhead for a Debian VPS (D2 median - D1 median): ${(summarize(orders).median - floorMedian).toFixed(0)} ms (goal: under 250 ms)`);
  rows.push(
    { label: "D1. debian floor (snapshot+idmapped lxc-start+sshd banner)", summary: summarize(floor), baseline: floorMedian },
    { label: "D2. debian order accepted to sshd banner on its IPv4", summary: summarize(orders), baseline: floorMedian },
  );

  const creates: Record<string, number[]> = { busybox: [], [image]: [] };
  for (let index = 0; index <= runs; index += 1) {
    options.checkInterrupted();
    for (const template of Object.keys(creates)) {
      const duration = await createRun(options, template, index);
      if (index > 0) creates[template]!.push(duration);
    }
  }
  details.push(
    { label: "   D3. agent create (PUT) from busybox (~2 MB)", summary: summarize(creates.busybox!) },
    { label: `   D3. agent create (PUT) from debian-12 (${Math.round((await imageSizeMb(stored.dir)) ?? 0)} MB)`, summary: summarize(creates[image]!) },
  );
  options.progress(`create busybox vs debian: ${runs} runs done`);
}

async function imageSizeMb(dir: string): Promise<number | null> {
  const output = await run("du", ["-sm", path.join(dir, "rootfs")]).catch(() => null);
  return output === null ? null : Number(output.split(/\s+/)[0]);
}
