import type { CgroupLayout } from "../host/cgroups";
import { idsPerContainer } from "../idmap";
import type { ContainerSpec } from "../types";
import { containerMacAddress, hostVethName } from "./interface-names";
import type { LxcTemplateSettings } from "./template-settings";

export interface ContainerConfigInput {
  spec: ContainerSpec;
  rootfs: string;
  bridge: string;
  logFile: string;
  cgroups: CgroupLayout;
  template: LxcTemplateSettings;
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

function cgroupLines(spec: ContainerSpec, cgroups: CgroupLayout): string[] {
  const memory = spec.limits.memoryMb * mebibyte;
  const swap = spec.limits.swapMb * mebibyte;
  const quota = Math.round(spec.limits.cpus * cpuPeriodMicroseconds);
  if (cgroups.version === 1) {
    return [
      `lxc.cgroup.memory.limit_in_bytes = ${memory}`,
      // v1 has no swap-only knob: memsw is memory plus swap together.
      ...(cgroups.memoryAndSwapLimit ? [`lxc.cgroup.memory.memsw.limit_in_bytes = ${memory + swap}`] : []),
      `lxc.cgroup.cpu.cfs_period_us = ${cpuPeriodMicroseconds}`,
      `lxc.cgroup.cpu.cfs_quota_us = ${quota}`,
      `lxc.cgroup.pids.max = ${spec.limits.processes}`,
    ];
  }
  return [
    `lxc.cgroup2.memory.max = ${memory}`,
    ...(cgroups.swapLimit ? [`lxc.cgroup2.memory.swap.max = ${swap}`] : []),
    `lxc.cgroup2.cpu.max = ${quota} ${cpuPeriodMicroseconds}`,
    `lxc.cgroup2.pids.max = ${spec.limits.processes}`,
  ];
}

/** The LXC config of an unprivileged container (never privileged: the idmap is always set). */
export function renderContainerConfig(input: ContainerConfigInput): string {
  const { spec } = input;
  const lines = [
    "# Written by the Berth agent when the container was created; do not edit by hand.",
    ...input.template.includes.map((file) => `lxc.include = ${file}`),
    `lxc.rootfs.path = dir:${input.rootfs}`,
    `lxc.uts.name = ${spec.hostname}`,
    "lxc.autodev = 1",
    `lxc.signal.halt = ${input.template.haltSignal}`,
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
    `lxc.net.0.ipv4.address = ${ipv4WithBroadcast(spec.network.ipv4)}`,
    `lxc.net.0.ipv4.gateway = ${spec.network.gateway4}`,
    `lxc.net.0.ipv6.address = ${spec.network.ipv6}`,
    `lxc.net.0.ipv6.gateway = ${spec.network.gateway6}`,
    "",
    ...cgroupLines(spec, input.cgroups),
    "",
  ];
  return lines.join("\n");
}
