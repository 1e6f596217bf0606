import type { Actor } from "@/lib/access/actor";
import { database } from "@/lib/database/client";
import { placementPolicies } from "@/lib/host-groups/host-group-fields";
import { listHostGroups } from "@/lib/host-groups/list-host-groups";
import { ActionForm } from "@/app/_components/action-form";
import { Field, SelectField } from "@/app/_components/fields";
import { Card, CardBody } from "@/app/_components/ui";
import { createHostGroupAction, deleteHostGroupAction, updateHostGroupAction } from "./placement-actions";

const policyOptions = placementPolicies.map((policy) => ({ value: policy, label: policy === "spread" ? "Spread (freest host)" : "Pack (fullest host that fits)" }));

/** Host groups: where a plan's servers may go and how they are spread over the group's hosts. */
export async function HostGroupsCard({ actor }: { actor: Actor }) {
  const groups = await listHostGroups({ database: database(), actor });
  return (
    <Card title="Host groups" description="A plan with a host group places only on its hosts, by the group's policy; plans without one use any host, spread. A group is deleted only once no host or plan uses it." className="mt-8">
      <CardBody>
        <div className="space-y-4">
          {groups.length === 0 ? <p className="text-sm text-slate-500">No host groups yet.</p> : null}
          {groups.map((group) => (
            <div key={group.id} data-testid="host-group-row" data-group={group.name} className="flex flex-wrap items-end gap-4 border-b border-slate-100 pb-4">
              <ActionForm action={updateHostGroupAction} hidden={{ group: group.name }} submitLabel="Save" variant="small" testId="host-group-save">
                <div className="grid gap-4 sm:grid-cols-2">
                  <Field label="Name" name="name" id={`group-${group.id}-name`} required defaultValue={group.name} hint={`${group.hosts} host(s), ${group.plans} plan(s)`} />
                  <SelectField label="Policy" name="placementPolicy" id={`group-${group.id}-policy`} options={policyOptions} defaultValue={group.placementPolicy} />
                </div>
              </ActionForm>
              <ActionForm action={deleteHostGroupAction} hidden={{ group: group.name }} submitLabel="Delete" variant="danger" compact confirmLabel="Delete group" testId="host-group-delete" />
            </div>
          ))}
          <ActionForm action={createHostGroupAction} submitLabel="Add host group" pendingLabel="Adding…" testId="host-group-create" resetOnSuccess>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" name="name" id="new-group-name" required placeholder="e.g. nvme" hint="a-z, 0-9 and -" />
              <SelectField label="Policy" name="placementPolicy" id="new-group-policy" options={policyOptions} defaultValue="spread" />
            </div>
          </ActionForm>
        </div>
      </CardBody>
    </Card>
  );
}
