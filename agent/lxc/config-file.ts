import type { CgroupLayout } from "../host/cgroups";
import type { RootfsOwnership } from "../host/rootfs-ownership";
import { idsPerContainer } from "../idmap";
import type { ContainerLimits, ContainerSpec } from "../types";
import { parseContainerSpec } from "../validation";
import { containerCpus } from "./cpuset";
import { containerMacAddress, hostVethName } from "../network/interface-names";
import type { LxcTemplateSettings } from "./template-settings";

export interface ContainerConfigInput {
  spec: ContainerSpec;
  rootfs: string;
  bridge: string;
  logFile: string;
  cgroups: CgroupLayout;
  template: LxcTemplateSettings;
  /** Berth's seccomp profile, replacing the one the included common.conf names. */
  seccompProfile: string;
  /** "major:minor" of the pool's block device, for I/O limits; null if there is none. */
  ioDevice: string | null;
  /** In rescue mode (rootfs is then the rescue system's): the container's own root file system, mounted at /mnt/disk. */
  rescueDisk: string | null;
  /** Idmapped: the rootfs (and the rescue disk) are mounted through the container's own id mapping. */
  ownership: RootfsOwnership;
}

/** One cgroup file and its value, written as `lxc.cgroup[2].<key> = <value>` or live. */
export interface CgroupSetting {
  key: string;
  value: string;
}

const mebibyte = 1024 * 1024;
const cpuPeriodMicroseconds = 100_000;

// LXC computes a wrong broadcast address (0.0.0.255) when none is given, so pass it explicitly.
function ipv4WithBroadcast(cidr: string): string {
  const [address = "", prefix = "32"] = cidr.split("/");
  const length = Number(prefix);
  const value = address.split(".").reduce((total, octet) => total * 256 + Number(octet), 0);
  const hostBits = 2 ** (32 - length);
  const broadcast = Math.floor(value / hostBits) * hostBits + hostBits - 1;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(broadcast / 2 ** shift) % 256);
  return `${cidr} ${octets.join(".")}`;
}

/**
 * The cgroup files that carry the limits, for the config file and for live changes alike.
 * I/O limits appear only when set (and the pool has a block device), so hosts whose containers
 * have no io controller never see an io key.
 */
export function cgroupSettings(name: string, limits: ContainerLimits, cgroups: CgroupLayout, ioDevice: string | null): CgroupSetting[] {
  const memory = limits.memoryMb * mebibyte;
  const swap = limits.swapMb * mebibyte;
  const quota = Math.round(limits.cpus * cpuPeriodMicroseconds);
  const readBytes = limits.ioReadMbps === undefined ? null : limits.ioReadMbps * mebibyte;
  const writeBytes = limits.ioWriteMbps === undefined ? null : limits.ioWriteMbps * mebibyte;
  // The same key on v1 and v2; a plain list ("0,3") is valid in both.
  const cpuset = { key: "cpuset.cpus", value: containerCpus(name, limits.cpus, cgroups.cpus).join(",") };
  if (cgroups.version === 1) {
    return [
      { key: "memory.limit_in_bytes", value: String(memory) },
      // v1 has no swap-only knob: memsw is memory plus swap together.
      ...(cgroups.memoryAndSwapLimit ? [{ key: "memory.memsw.limit_in_bytes", value: String(memory + swap) }] : []),
      { key: "cpu.cfs_period_us", value: String(cpuPeriodMicroseconds) },
      { key: "cpu.cfs_quota_us", value: String(quota) },
      cpuset,
      { key: "pids.max", value: String(limits.processes) },
      ...(ioDevice && readBytes !== null ? [{ key: "blkio.throttle.read_bps_device", value: `${ioDevice} ${readBytes}` }] : []),
      ...(ioDevice && writeBytes !== null ? [{ key: "blkio.throttle.write_bps_device", value: `${ioDevice} ${writeBytes}` }] : []),
    ];
  }
  const hasIo = ioDevice && (readBytes !== null || writeBytes !== null);
  return [
    { key: "memory.max", value: String(memory) },
    ...(cgroups.swapLimit ? [{ key: "memory.swap.max", value: String(swap) }] : []),
    { key: "cpu.max", value: `${quota} ${cpuPeriodMicroseconds}` },
    cpuset,
    { key: "pids.max", value: String(limits.processes) },
    ...(hasIo ? [{ key: "io.max", value: `${ioDevice} rbps=${readBytes ?? "max"} wbps=${writeBytes ?? "max"}` }] : []),
  ];
}

/** Values that lift the I/O limits again (a resize that drops them must clear the live cgroup). */
export function unlimitedIoSettings(cgroups: CgroupLayout, ioDevice: string): CgroupSetting[] {
  if (cgroups.version === 1) {
    // Writing 0 deletes the device's throttle rule.
    return [
      { key: "blkio.throttle.read_bps_device", value: `${ioDevice} 0` },
      { key: "blkio.throttle.write_bps_device", value: `${ioDevice} 0` },
    ];
  }
  return [{ key: "io.max", value: `${ioDevice} rbps=max wbps=max` }];
}

// The spec rides along as a comment: LXC ignores it, and resize/reinstall re-render the whole
// config from it, so the file never mixes hand-patched and generated lines.
const specLinePrefix = "# berth.spec = ";

/** The spec the config was written from; null for a config without a valid one (older agent). */
export function readSpecFromConfig(contents: string): ContainerSpec | null {
  const line = contents.split("\n").find((candidate) => candidate.startsWith(specLinePrefix));
  if (!line) return null;
  try {
    return parseContainerSpec(JSON.parse(line.slice(specLinePrefix.length)));
  } catch {
    return null;
  }
}

/** The LXC config of an unprivileged container (never privileged: the idmap is always set). */
export function renderContainerConfig(input: ContainerConfigInput): string {
  // First boot settings (password hash, user data) are used once and are secrets: never stored.
  const { firstBoot: _used, ...spec } = input.spec;
  const idmapped = input.ownership === "idmapped";
  // Addresses are set either by LXC or, once first boot wrote them, by the image's own network
  // system; both at once would fail the image's network start (address already assigned).
  const lxcAddresses = input.template.networkInImage
    ? []
    : [
        `lxc.net.0.ipv4.address = ${ipv4WithBroadcast(spec.network.ipv4)}`,
        `lxc.net.0.ipv4.gateway = ${spec.network.gateway4}`,
        `lxc.net.0.ipv6.address = ${spec.network.ipv6}`,
        `lxc.net.0.ipv6.gateway = ${spec.network.gateway6}`,
      ];
  const lines = [
    "# Written by the Berth agent (create, resize, reinstall); do not edit by hand.",
    `${specLinePrefix}${JSON.stringify(spec)}`,
    ...input.template.includes.map((file) => `lxc.include = ${file}`),
    // After the includes: the last value wins, and common.conf sets the distribution's profile.
    `lxc.seccomp.profile = ${input.seccompProfile}`,
    `lxc.rootfs.path = dir:${input.rootfs}`,
    ...(idmapped ? ["lxc.rootfs.options = idmap=container"] : []),
    ...(input.rescueDisk ? [`lxc.mount.entry = ${input.rescueDisk} mnt/disk none bind,create=dir${idmapped ? ",idmap=container" : ""} 0 0`] : []),
    `lxc.uts.name = ${spec.hostname}`,
    "lxc.autodev = 1",
    `lxc.signal.halt = ${input.template.haltSignal}`,
    ...input.template.environment.map((variable) => `lxc.environment = ${variable}`),
    `lxc.log.file = ${input.logFile}`,
    "lxc.log.level = WARN",
    "",
    "# Container ids 0..65535 are host ids idmapBase..idmapBase+65535.",
    `lxc.idmap = u 0 ${spec.idmapBase} ${idsPerContainer}`,
    `lxc.idmap = g 0 ${spec.idmapBase} ${idsPerContainer}`,
    "",
    "lxc.net.0.type = veth",
    `lxc.net.0.link = ${input.bridge}`,
    `lxc.net.0.veth.pair = ${hostVethName(spec.name)}`,
    `lxc.net.0.hwaddr = ${containerMacAddress(spec.name)}`,
    "lxc.net.0.name = eth0",
    "lxc.net.0.flags = up",
    ...lxcAddresses,
    "",
    ...cgroupSettings(spec.name, spec.limits, input.cgroups, input.ioDevice).map(
      ({ key, value }) => `lxc.${input.cgroups.version === 1 ? "cgroup" : "cgroup2"}.${key} = ${value}`,
    ),
    "",
  ];
  return lines.join("\n");
}
