import type { ContainerLimits } from "../../agent/types";

/** A plan's limits as the agent applies them to a container. */
export function planLimits(plan: {
  vcpus: number;
  memoryMb: number;
  swapMb: number;
  diskMb: number;
  processes: number;
  ioReadMbps: number;
  ioWriteMbps: number;
  networkMbps: number;
}): ContainerLimits {
  return {
    cpus: plan.vcpus,
    memoryMb: plan.memoryMb,
    swapMb: plan.swapMb,
    diskMb: plan.diskMb,
    processes: plan.processes,
    ioReadMbps: plan.ioReadMbps,
    ioWriteMbps: plan.ioWriteMbps,
    networkMbps: plan.networkMbps,
  };
}
