// The statuses in which a server holds its plan's resources on its host.
export const placedServerStatuses = ["provisioning", "running", "stopped", "suspended"];

export interface Resources {
  vcpus: number;
  memoryMb: number;
  diskMb: number;
}

export interface HostSizing {
  vcpuCapacity: number;
  memoryMbCapacity: number;
  diskMbCapacity: number;
  vcpuOvercommit: number;
  memoryOvercommit: number;
}

/** What a host may promise, what its placed servers' plans take of that, and what is left. */
export interface HostRoom {
  capacity: Resources;
  used: Resources;
  free: Resources;
}

// vCPUs are fractional (0.25 is a plan size); a sum of them may miss a whole number by rounding.
const tolerance = 1e-9;

/** Capacity × overcommit for vCPU and memory; disk is never overcommitted. */
export function effectiveCapacity(host: HostSizing): Resources {
  return { vcpus: host.vcpuCapacity * host.vcpuOvercommit, memoryMb: host.memoryMbCapacity * host.memoryOvercommit, diskMb: host.diskMbCapacity };
}

export function roomOf(host: HostSizing, placedPlans: Resources[]): HostRoom {
  const capacity = effectiveCapacity(host);
  const used = placedPlans.reduce(
    (total, plan) => ({ vcpus: total.vcpus + plan.vcpus, memoryMb: total.memoryMb + plan.memoryMb, diskMb: total.diskMb + plan.diskMb }),
    { vcpus: 0, memoryMb: 0, diskMb: 0 },
  );
  return { capacity, used, free: { vcpus: capacity.vcpus - used.vcpus, memoryMb: capacity.memoryMb - used.memoryMb, diskMb: capacity.diskMb - used.diskMb } };
}

/** How many servers of the plan the room still holds (0: the plan does not fit). */
export function plansThatFit(room: HostRoom, plan: Resources): number {
  const count = (free: number, need: number) => Math.floor((free + tolerance) / need);
  return Math.max(0, Math.min(count(room.free.vcpus, plan.vcpus), count(room.free.memoryMb, plan.memoryMb), count(room.free.diskMb, plan.diskMb)));
}

/**
 * How free a host is, from 0 (full) to 1 (empty): the mean of its free fractions of effective
 * memory, vCPU and disk. Spread places on the highest score, pack on the lowest that fits.
 */
export function freeScore(room: HostRoom): number {
  const fraction = (free: number, capacity: number) => (capacity > 0 ? Math.max(0, free) / capacity : 0);
  return (fraction(room.free.memoryMb, room.capacity.memoryMb) + fraction(room.free.vcpus, room.capacity.vcpus) + fraction(room.free.diskMb, room.capacity.diskMb)) / 3;
}
