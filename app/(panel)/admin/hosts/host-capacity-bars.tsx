import { formatMegabytes, formatVcpus } from "@/app/_components/format";
import { UsageBar } from "@/app/_components/usage-bar";

interface Amounts {
  vcpus: number;
  memoryMb: number;
  diskMb: number;
}

/** What a host's placed servers take of what placement may promise (capacity × overcommit). */
export function HostCapacityBars({ used, capacity, effectiveCapacity, overcommit }: { used: Amounts; capacity: Amounts; effectiveCapacity: Amounts; overcommit: { vcpus: number; memory: number } }) {
  return (
    <>
      <UsageBar label={`vCPU (${capacity.vcpus} threads × ${overcommit.vcpus})`} used={used.vcpus} max={effectiveCapacity.vcpus} format={formatVcpus} testId="host-vcpu-bar" />
      <UsageBar label={`Memory (${formatMegabytes(capacity.memoryMb)} × ${overcommit.memory})`} used={used.memoryMb} max={effectiveCapacity.memoryMb} format={formatMegabytes} testId="host-memory-bar" />
      <UsageBar label="Disk" used={used.diskMb} max={effectiveCapacity.diskMb} format={formatMegabytes} testId="host-disk-bar" />
    </>
  );
}
