import type { Actor } from "@/lib/access/actor";
import { database } from "@/lib/database/client";
import { readHostPlacement } from "@/lib/hosts/read-host-placement";
import { ActionForm } from "@/app/_components/action-form";
import { Field, SelectField } from "@/app/_components/fields";
import { formatMegabytes, formatVcpus } from "@/app/_components/format";
import { Card, CardBody } from "@/app/_components/ui";
import { updateHostPlacementAction } from "../placement-actions";

/** The host's overcommit ratios and host group, as placement uses them. */
export async function HostPlacementCard({ actor, hostId }: { actor: Actor; hostId: string }) {
  const placement = await readHostPlacement({ database: database(), actor, hostId });
  const groupOptions = [{ value: "", label: "No group" }, ...placement.groups.map((group) => ({ value: group.name, label: `${group.name} (${group.placementPolicy})` }))];
  return (
    <Card title="Placement" description="New servers may be promised capacity × ratio of vCPU and memory (disk is never overcommitted); plans with a host group go only to its hosts." className="mb-8">
      <CardBody>
        <ActionForm action={updateHostPlacementAction} hidden={{ hostId }} submitLabel="Save placement" pendingLabel="Saving…" testId="host-placement-save">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="vCPU overcommit" name="vcpuOvercommit" id="host-vcpu-overcommit" type="number" step="any" min={1} max={16} required defaultValue={placement.vcpuOvercommit} hint={`vCPUs per CPU thread; ${formatVcpus(placement.vcpuCapacity)} × ${placement.vcpuOvercommit}`} />
            <Field label="Memory overcommit" name="memoryOvercommit" id="host-memory-overcommit" type="number" step="any" min={1} max={16} required defaultValue={placement.memoryOvercommit} hint={`${formatMegabytes(placement.memoryMbCapacity)} × ${placement.memoryOvercommit}`} />
            <SelectField label="Host group" name="hostGroup" id="host-group" testId="host-group-select" options={groupOptions} defaultValue={placement.hostGroup ?? ""} />
          </div>
        </ActionForm>
      </CardBody>
    </Card>
  );
}
