"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createHost } from "@/lib/hosts/create-host";
import { updateHost } from "@/lib/hosts/update-host";
import { formFlag, formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { panelBaseUrl } from "@/lib/settings";

/** An empty overcommit field keeps the default (1); anything else must be a number. */
const formRatio = () => z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : undefined), z.number().optional());

export const createHostAction = panelAction(
  "createHost",
  z.object({ name: formText(), vcpuOvercommit: formRatio(), memoryOvercommit: formRatio() }),
  async ({ actor, input, services }) => {
    const created = await createHost({ database: services.database, actor, panelUrl: panelBaseUrl(services.settings), input });
    revalidatePath("/admin/hosts");
    // Shown once: only the token's hash is kept.
    return { name: created.host.name, joinCommand: created.joinCommand, expiresAt: created.joinTokenExpiresAt.toISOString() };
  },
);

export const updateHostStateAction = panelAction(
  "updateHostState",
  z.object({ hostId: formId("host"), draining: formFlag(), maintenanceNotice: formText() }),
  async ({ actor, input: { hostId, draining, maintenanceNotice }, services }) => {
    // An empty notice ends maintenance.
    const host = await updateHost({ database: services.database, actor, input: { host: hostId, draining, maintenanceNotice: maintenanceNotice === "" ? null : maintenanceNotice } });
    revalidatePath("/admin/hosts");
    revalidatePath(`/admin/hosts/${hostId}`);
    return `${host.name}: ${host.draining ? "draining" : "not draining"}, ${host.maintenanceNotice ? "in maintenance" : "not in maintenance"}.`;
  },
);
