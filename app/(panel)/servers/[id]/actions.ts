"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findServerAction } from "@/lib/action-catalogue/catalogue";
import { requestServerAction } from "@/lib/action-catalogue/request-server-action";
import { findServerFor } from "@/lib/access/server-scope";
import { AppError } from "@/lib/errors";
import { formId, formSecret, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { jobView } from "@/lib/servers/server-activity";

// Optional action fields: empty means "not given", so the catalogue's defaults apply.
const optionalText = () => formText().transform((value) => value || undefined);

/**
 * Any catalogue action from the server page. The catalogue decides whether the caller may run
 * it now; actions that ask the caller to type the hostname are checked here, the panel's own rule.
 */
export const requestServerActionFromPanel = panelAction(
  "requestServerAction",
  z.object({
    serverId: formId("server"),
    type: formText(),
    plan: optionalText(),
    template: optionalText(),
    reason: optionalText(),
    rootPassword: formSecret().transform((value) => value || undefined),
    // Comma-separated saved-key ids (the reinstall form's checkboxes).
    sshKeys: formText().transform((value) => (value ? value.split(",") : undefined)),
    confirmHostname: formText(),
  }),
  async ({ actor, input: { serverId, confirmHostname, ...input }, services }) => {
    const { database, queue } = services;
    if (findServerAction(input.type)?.panel.confirm?.typeHostname) {
      const server = await findServerFor(database, actor, serverId);
      if (confirmHostname !== server.hostname) {
        throw new AppError("confirmation_mismatch", 422, `Type the server's hostname (${server.hostname}) exactly to confirm.`);
      }
    }
    const job = await requestServerAction({ database, queue, actor, serverId, input });
    revalidatePath(`/servers/${serverId}`);
    return jobView(job, actor);
  },
);
