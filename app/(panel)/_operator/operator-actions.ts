"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findServerAction } from "@/lib/action-catalogue/catalogue";
import { requestServerAction } from "@/lib/action-catalogue/request-server-action";
import { formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

/** A catalogue action from a row of the admin's or a reseller's server list; the catalogue decides who may. */
export const operateServerAction = panelAction(
  "operateServer",
  z.object({ serverId: formId("server"), type: formText(), page: formText() }),
  async ({ actor, input: { serverId, type, page }, services }) => {
    await requestServerAction({ database: services.database, queue: services.queue, actor, serverId, input: { type } });
    revalidatePath(page || "/");
    return `${findServerAction(type)?.labels.name ?? type} queued`;
  },
);
