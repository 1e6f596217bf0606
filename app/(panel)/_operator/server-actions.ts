"use server";

import { revalidatePath } from "next/cache";
import { panelServices } from "@/lib/http/panel-services";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { requestServerAction } from "@/lib/servers/request-server-action";
import { requestTermination } from "@/lib/servers/request-termination";
import { formResult, textField, type FormState } from "@/app/_components/form-state";

/** Suspend, unsuspend or terminate a server from the admin and reseller server lists; the domain decides who may. */
export async function operateServerAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  const serverId = textField(formData, "serverId");
  const type = textField(formData, "type");
  return formResult(previous, `${type} on server ${serverId}`, async () => {
    const { database, queue, settings } = panelServices();
    if (type === "terminate") {
      await requestTermination({ database, queue, actor, serverId });
    } else {
      await requestServerAction({ database, queue, encryptionKey: settings.encryptionKey, actor, serverId, input: { type } });
    }
    revalidatePath(textField(formData, "page") || "/");
    return `${type} queued`;
  });
}
