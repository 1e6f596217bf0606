"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createHostGroup } from "@/lib/host-groups/create-host-group";
import { deleteHostGroup } from "@/lib/host-groups/delete-host-group";
import { updateHostGroup } from "@/lib/host-groups/update-host-group";
import { updateHostPlacement } from "@/lib/hosts/update-host-placement";
import { formId, formNumber, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

const ZHostGroupForm = z.object({ name: formText(), placementPolicy: formText() });

export const updateHostPlacementAction = panelAction(
  "updateHostPlacement",
  z.object({ hostId: formId("host"), vcpuOvercommit: formNumber(), memoryOvercommit: formNumber(), hostGroup: formText() }),
  async ({ actor, input: { hostId, hostGroup, ...ratios }, services }) => {
    // The form's "no group" choice is the empty value.
    const host = await updateHostPlacement({ database: services.database, actor, hostId, input: { ...ratios, hostGroup: hostGroup === "" ? null : hostGroup } });
    revalidatePath("/admin/hosts");
    revalidatePath(`/admin/hosts/${hostId}`);
    return `Placement settings of ${host.name} saved.`;
  },
);

export const createHostGroupAction = panelAction("createHostGroup", ZHostGroupForm, async ({ actor, input, services }) => {
  const group = await createHostGroup({ database: services.database, actor, input });
  revalidatePath("/admin/hosts");
  return `Host group ${group.name} created.`;
});

export const updateHostGroupAction = panelAction("updateHostGroup", ZHostGroupForm.extend({ group: formId("host group") }), async ({ actor, input: { group, ...input }, services }) => {
  const updated = await updateHostGroup({ database: services.database, actor, name: group, input });
  revalidatePath("/admin/hosts");
  return `Host group ${updated.name} saved.`;
});

export const deleteHostGroupAction = panelAction("deleteHostGroup", z.object({ group: formId("host group") }), async ({ actor, input, services }) => {
  await deleteHostGroup({ database: services.database, actor, name: input.group });
  revalidatePath("/admin/hosts");
  return `Host group ${input.group} deleted.`;
});
