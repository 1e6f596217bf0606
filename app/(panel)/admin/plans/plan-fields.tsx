import { Field, SelectField } from "@/app/_components/fields";

export type PlanValues = {
  slug: string; name: string; vcpus: number; memoryMb: number; swapMb: number; diskMb: number; processes: number;
  ioReadMbps: number; ioWriteMbps: number; networkMbps: number; monthlyPriceCents: number;
  addressMode: string; monthlyTransferGb: number; transferOverageAction: string; transferThrottleMbps: number;
  hostGroupId: string | null;
};

const addressModeOptions = [
  { value: "nat", label: "NAT pools (private)" },
  { value: "routed", label: "Routed pools (public)" },
];

const overageOptions = [
  { value: "throttle", label: "Throttle" },
  { value: "suspend", label: "Suspend the server" },
];

/** A plan's monthly transfer allowance and what follows it, e.g. "1000 GB/month, then 10 Mbit/s". */
export function formatTransfer(plan: Pick<PlanValues, "monthlyTransferGb" | "transferOverageAction" | "transferThrottleMbps">): string {
  if (plan.monthlyTransferGb === 0) return "unlimited transfer";
  const allowance = `${Math.round(plan.monthlyTransferGb * 100) / 100} GB/month`;
  return plan.transferOverageAction === "suspend" ? `${allowance}, then suspended` : `${allowance}, then ${plan.transferThrottleMbps} Mbit/s`;
}

/**
 * The plan's fields; idPrefix keeps label/input pairs unique when several forms are on the page.
 * Every field is always in the form: an absent number reaches the domain as NaN and is refused.
 */
export function PlanFields({ idPrefix, plan, hostGroups }: { idPrefix: string; plan?: PlanValues; hostGroups: { id: string; name: string; placementPolicy: string }[] }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const hostGroupOptions = [{ value: "", label: "Any host" }, ...hostGroups.map((group) => ({ value: group.id, label: `${group.name} (${group.placementPolicy})` }))];
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Field label="Slug" name="slug" id={id("slug")} testId="plan-slug" required defaultValue={plan?.slug} placeholder="e.g. large" hint="a-z, 0-9 and -" />
      <Field label="Name" name="name" id={id("name")} testId="plan-name" required defaultValue={plan?.name} placeholder="e.g. Large" />
      <Field label="vCPUs" name="vcpus" id={id("vcpus")} type="number" step="0.01" min={0.01} required defaultValue={plan?.vcpus} />
      <Field label="Monthly price (USD)" name="monthlyPrice" id={id("price")} type="number" step="0.01" min={0} required defaultValue={plan ? plan.monthlyPriceCents / 100 : undefined} />
      <Field label="Memory (MB)" name="memoryMb" id={id("memory")} type="number" min={1} required defaultValue={plan?.memoryMb} />
      <Field label="Swap (MB)" name="swapMb" id={id("swap")} type="number" min={0} required defaultValue={plan?.swapMb ?? 0} />
      <Field label="Disk (MB)" name="diskMb" id={id("disk")} type="number" min={1} required defaultValue={plan?.diskMb} />
      <Field label="Processes" name="processes" id={id("processes")} type="number" min={1} required defaultValue={plan?.processes ?? 512} />
      <Field label="Disk read (MB/s)" name="ioReadMbps" id={id("io-read")} type="number" min={1} required defaultValue={plan?.ioReadMbps ?? 100} />
      <Field label="Disk write (MB/s)" name="ioWriteMbps" id={id("io-write")} type="number" min={1} required defaultValue={plan?.ioWriteMbps ?? 50} />
      <Field label="Network (Mbit/s)" name="networkMbps" id={id("network")} type="number" min={1} required defaultValue={plan?.networkMbps ?? 100} />
      <SelectField label="Addresses from" name="addressMode" id={id("address-mode")} testId="plan-address-mode-select" options={addressModeOptions} defaultValue={plan?.addressMode ?? "nat"} hint="Which of a host's pools its servers' addresses come from" />
      <Field label="Monthly transfer (GB)" name="monthlyTransferGb" id={id("transfer")} testId="plan-transfer-input" type="number" step="any" min={0} required defaultValue={plan?.monthlyTransferGb ?? 0} hint="0 = unlimited; received and sent, 1 GB = 10⁹ bytes" />
      <SelectField label="Once it is used" name="transferOverageAction" id={id("overage")} testId="plan-overage-select" options={overageOptions} defaultValue={plan?.transferOverageAction ?? "throttle"} hint="Lifted when the month ends" />
      <Field label="Throttled to (Mbit/s)" name="transferThrottleMbps" id={id("throttle")} testId="plan-throttle-input" type="number" min={1} required defaultValue={plan?.transferThrottleMbps ?? 10} hint="The rate a throttled server gets" />
      <SelectField label="Host group" name="hostGroupId" id={id("host-group")} testId="plan-host-group-select" options={hostGroupOptions} defaultValue={plan?.hostGroupId ?? ""} hint="Its servers go only to this group's hosts" />
    </div>
  );
}
