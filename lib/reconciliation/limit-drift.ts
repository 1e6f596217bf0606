import type { ContainerLimits, InventoryContainer, LiveLimits } from "../../agent/types";

type CheckedLimit = keyof ContainerLimits & keyof LiveLimits;

/** One limit the kernel enforces otherwise than the container was given. */
export interface LimitDrift {
  limit: CheckedLimit | "memoryAndSwapMb";
  wanted: number | null;
  found: number | null;
}

const limitNames = ["cpus", "memoryMb", "swapMb", "diskMb", "processes", "ioReadMbps", "ioWriteMbps", "networkMbps"] as const satisfies readonly CheckedLimit[];

// CPU time comes back as quota / period: a float, equal to the given share within rounding.
function sameLimit(wanted: number | null, found: number | null): boolean {
  if (wanted === null || found === null) return wanted === found;
  return Math.abs(wanted - found) < 1e-6;
}

/**
 * Where the limits in force (read back by the agent) differ from the limits the container was
 * given at its create or last resize (its configured ones). Those, not its plan's current
 * values, are what the database wants: a changed plan applies to a server only when it is
 * resized (lib/plans/update-plan.ts). Bandwidth is held against the rate the agent means to
 * shape to, which a used-up transfer allowance lowers.
 */
export function limitDrift(container: Pick<InventoryContainer, "limits" | "liveLimits" | "wantedBandwidthMbps">): LimitDrift[] {
  const given = container.limits;
  if (!given) return [];
  const { liveLimits } = container;
  const wantedOf = (limit: CheckedLimit) => (limit === "networkMbps" ? container.wantedBandwidthMbps : (given[limit] ?? null));
  const drift: LimitDrift[] = limitNames.flatMap((limit) => {
    const found = liveLimits[limit];
    const wanted = wantedOf(limit);
    return found === undefined || sameLimit(wanted, found) ? [] : [{ limit, wanted, found }];
  });
  // cgroup v1's memsw: memory and swap together, so a changed memory limit does not read as changed swap too.
  const memoryAndSwap = liveLimits.memoryAndSwapMb;
  if (memoryAndSwap !== undefined && !sameLimit(given.memoryMb + given.swapMb, memoryAndSwap)) {
    drift.push({ limit: "memoryAndSwapMb", wanted: given.memoryMb + given.swapMb, found: memoryAndSwap });
  }
  return drift;
}
