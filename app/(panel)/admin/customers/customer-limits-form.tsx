import { ActionForm } from "@/app/_components/action-form";
import { Field, SelectField } from "@/app/_components/fields";
import { setCustomerLimitsAction } from "@/app/(panel)/reseller/customers/actions";

type Limits = {
  overrides: Record<"maxServers" | "maxVcpus" | "maxMemoryMb" | "maxDiskMb" | "maxIpv4", number | null>;
  inForce: Record<"maxServers" | "maxVcpus" | "maxMemoryMb" | "maxDiskMb" | "maxIpv4", number>;
  used: { servers: number; vcpus: number; memoryMb: number; diskMb: number; ipv4: number };
  selfServiceOrders: boolean;
  selfServicePlanChanges: boolean;
};

const fields = [
  { name: "maxServers", label: "Servers", used: "servers", step: "1" },
  { name: "maxVcpus", label: "vCPUs", used: "vcpus", step: "0.01" },
  { name: "maxMemoryMb", label: "Memory (MB)", used: "memoryMb", step: "1" },
  { name: "maxDiskMb", label: "Disk (MB)", used: "diskMb", step: "1" },
  { name: "maxIpv4", label: "IPv4 addresses", used: "ipv4", step: "1" },
] as const;

/** One customer's own limits (empty: the admin's default); the admin also sees its self-service switches. */
export function CustomerLimitsForm({ customerId, limits, withSwitches }: { customerId: string; limits: Limits; withSwitches: boolean }) {
  const onOff = [
    { value: "on", label: "Allowed" },
    { value: "off", label: "Switched off" },
  ];
  return (
    <ActionForm action={setCustomerLimitsAction} hidden={{ customerId }} submitLabel="Save limits" pendingLabel="Saving…" testId="customer-limits-save">
      <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
        {fields.map((field) => (
          <Field
            key={field.name}
            label={field.label}
            name={field.name}
            id={`limits-${customerId}-${field.name}`}
            testId={`customer-limit-${field.name}`}
            type="number"
            min={0}
            step={field.step}
            defaultValue={limits.overrides[field.name] ?? ""}
            placeholder={`default: ${limits.inForce[field.name]}`}
            hint={`uses ${limits.used[field.used]} of ${limits.inForce[field.name]}`}
          />
        ))}
      </div>
      {withSwitches ? (
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          <SelectField label="Ordering servers itself" name="selfServiceOrders" id={`limits-${customerId}-orders`} options={onOff} defaultValue={limits.selfServiceOrders ? "on" : "off"} />
          <SelectField label="Changing plans itself" name="selfServicePlanChanges" id={`limits-${customerId}-plans`} options={onOff} defaultValue={limits.selfServicePlanChanges ? "on" : "off"} />
        </div>
      ) : null}
    </ActionForm>
  );
}
