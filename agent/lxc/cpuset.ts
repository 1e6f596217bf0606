import { digest } from "../network/interface-names";

/** Parses a kernel CPU list ("0-3,8,10-11", as in /sys/devices/system/cpu/online). */
export function parseCpuList(text: string): number[] {
  const cpus: number[] = [];
  for (const part of text.trim().split(",").filter(Boolean)) {
    const [first = "", last = first] = part.split("-");
    for (let cpu = Number(first); cpu <= Number(last); cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/**
 * The CPUs a container is pinned to: ceil(plan's vCPUs) of them (at most all), so `nproc` and
 * lxcfs' /proc/cpuinfo inside show the plan, not the host. Each container starts at its own
 * place in the list (a stable hash of its name), so small plans spread over the host instead of
 * all sharing CPU 0; the CFS quota still caps the time they get.
 */
export function containerCpus(name: string, vcpus: number, available: readonly number[]): number[] {
  if (available.length === 0) throw new Error("no CPUs available for containers");
  const count = Math.min(Math.ceil(vcpus), available.length);
  const start = digest("cpuset", name).readUInt32BE(0) % available.length;
  return Array.from({ length: count }, (_, index) => available[(start + index) % available.length] as number).sort((a, b) => a - b);
}
