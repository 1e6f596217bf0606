import { stat } from "node:fs/promises";
import path from "node:path";
import { readMounts } from "../host/mounts";
import { hostVethName } from "../network/interface-names";
import { readOptionalFile } from "../read-optional-file";
import { runCommand } from "../run-command";

// What the kernel says about a container right now, read from files (cgroups, /sys/class/net)
// and, for the whole pool at once, one `btrfs qgroup show`: no process per container.

/** A counter as the kernel has it: it restarts from 0 with each new cgroup or veth (`generation`). */
export interface RawCounter {
  generation: string;
  value: number;
}

export interface RawContainerUsage {
  running: boolean;
  cpuNanoseconds: RawCounter | null;
  ioReadBytes: RawCounter | null;
  ioWriteBytes: RawCounter | null;
  /** From the container's side: what its host veth sent it, and what it received from it. */
  rxBytes: RawCounter | null;
  txBytes: RawCounter | null;
  memoryBytes: number;
}

/** Where each controller's tree is mounted: v1 per controller, v2 one unified tree. */
export interface CgroupMounts {
  version: 1 | 2;
  cpu: string;
  memory: string;
  io: string;
}

export async function findCgroupMounts(): Promise<CgroupMounts> {
  const mounts = await readMounts();
  const v1 = (controller: string) => mounts.find((mount) => mount.type === "cgroup" && mount.options.includes(controller))?.target;
  const memory = v1("memory");
  if (memory) return { version: 1, cpu: v1("cpuacct") ?? memory, memory, io: v1("blkio") ?? memory };
  return { version: 2, cpu: "/sys/fs/cgroup", memory: "/sys/fs/cgroup", io: "/sys/fs/cgroup" };
}

// LXC 5 puts a container's processes in lxc.payload.<name> at the top of every hierarchy.
const payloadGroup = (name: string) => `lxc.payload.${name}`;

/** "key value" lines (memory.stat, cpu.stat) as a map. */
function keyedNumbers(text: string | null): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of (text ?? "").split("\n")) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined) values.set(key, Number(value));
  }
  return values;
}

async function generationOf(directory: string): Promise<string | null> {
  try {
    const info = await stat(directory);
    return `${info.ino}:${info.birthtimeMs || info.ctimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Bytes read and written, from v1 blkio.throttle.io_service_bytes ("8:0 Read 4096") or v2 io.stat ("8:0 rbytes=4096 wbytes=0 ..."). */
function ioBytes(version: 1 | 2, text: string | null): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of (text ?? "").split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (version === 1 && fields.length === 3) {
      if (fields[1] === "Read") read += Number(fields[2]);
      if (fields[1] === "Write") write += Number(fields[2]);
    }
    if (version === 2) {
      for (const field of fields.slice(1)) {
        const [key, value] = field.split("=");
        if (key === "rbytes") read += Number(value);
        if (key === "wbytes") write += Number(value);
      }
    }
  }
  return { read, write };
}

async function readNumber(file: string): Promise<number | null> {
  const text = await readOptionalFile(file);
  return text === null ? null : Number(text.trim());
}

/** One container's counters; every field null when it is not running (no cgroup, no veth). */
export async function readRawContainerUsage(name: string, mounts: CgroupMounts): Promise<RawContainerUsage> {
  const group = payloadGroup(name);
  const cpuDir = path.join(mounts.cpu, group);
  const cpuGeneration = await generationOf(cpuDir);
  const veth = hostVethName(name);
  const netDir = `/sys/class/net/${veth}`;
  const ifindex = (await readOptionalFile(path.join(netDir, "ifindex")))?.trim() ?? null;
  const counter = (generation: string | null, value: number | null): RawCounter | null =>
    generation === null || value === null || !Number.isFinite(value) ? null : { generation, value };

  let cpuNanoseconds: number | null = null;
  let memoryBytes = 0;
  let io = { read: 0, write: 0 };
  if (cpuGeneration !== null) {
    const memoryDir = path.join(mounts.memory, group);
    const ioDir = path.join(mounts.io, group);
    if (mounts.version === 1) {
      cpuNanoseconds = await readNumber(path.join(cpuDir, "cpuacct.usage"));
      const usage = (await readNumber(path.join(memoryDir, "memory.usage_in_bytes"))) ?? 0;
      memoryBytes = usage - (keyedNumbers(await readOptionalFile(path.join(memoryDir, "memory.stat"))).get("total_inactive_file") ?? 0);
      io = ioBytes(1, (await readOptionalFile(path.join(ioDir, "blkio.throttle.io_service_bytes_recursive"))) ?? (await readOptionalFile(path.join(ioDir, "blkio.throttle.io_service_bytes"))));
    } else {
      const usec = keyedNumbers(await readOptionalFile(path.join(cpuDir, "cpu.stat"))).get("usage_usec");
      cpuNanoseconds = usec === undefined ? null : usec * 1000;
      const current = (await readNumber(path.join(memoryDir, "memory.current"))) ?? 0;
      memoryBytes = current - (keyedNumbers(await readOptionalFile(path.join(memoryDir, "memory.stat"))).get("inactive_file") ?? 0);
      io = ioBytes(2, await readOptionalFile(path.join(ioDir, "io.stat")));
    }
  }
  const netGeneration = ifindex === null ? null : `ifindex:${ifindex}`;
  return {
    running: cpuGeneration !== null,
    cpuNanoseconds: counter(cpuGeneration, cpuNanoseconds),
    ioReadBytes: counter(cpuGeneration, io.read),
    ioWriteBytes: counter(cpuGeneration, io.write),
    // The host side's received bytes are what the container sent, and the other way round.
    rxBytes: counter(netGeneration, await readNumber(path.join(netDir, "statistics", "tx_bytes"))),
    txBytes: counter(netGeneration, await readNumber(path.join(netDir, "statistics", "rx_bytes"))),
    memoryBytes: Math.max(0, memoryBytes),
  };
}

/** Bytes each subvolume of the pool references, by its path in the pool ("servers/<name>"), from one `btrfs qgroup show`. */
export async function readPoolDiskUsage(poolDir: string): Promise<Map<string, number>> {
  const { stdout } = await runCommand(["btrfs", "qgroup", "show", "--raw", poolDir]);
  const usage = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    // Columns: Qgroupid Referenced Exclusive Path
    const [qgroup, referenced, , subvolumePath] = line.trim().split(/\s+/);
    if (qgroup?.startsWith("0/") && subvolumePath && Number.isSafeInteger(Number(referenced))) usage.set(subvolumePath, Number(referenced));
  }
  return usage;
}
