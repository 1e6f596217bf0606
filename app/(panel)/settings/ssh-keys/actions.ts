"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addSshKey } from "@/lib/account/add-ssh-key";
import { deleteSshKey } from "@/lib/account/delete-ssh-key";
import { formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

// Server actions: Next.js refuses any whose Origin names another host (no allowedOrigins set).

/** The fingerprint of the key just added, for the confirmation line. */
export const addSshKeyAction = panelAction("addSshKey", z.object({ name: formText(), publicKey: formText() }), async ({ actor, input, services }) => {
  const key = await addSshKey({ database: services.database, actor, input });
  revalidatePath("/settings/ssh-keys");
  return key.fingerprint;
});

export const deleteSshKeyAction = panelAction("deleteSshKey", z.object({ sshKeyId: formId("SSH key") }), async ({ actor, input, services }) => {
  await deleteSshKey({ database: services.database, actor, sshKeyId: input.sshKeyId });
  revalidatePath("/settings/ssh-keys");
  return null;
});
