"use server";

import { revalidatePath } from "next/cache";
import { addSshKey } from "@/lib/account/add-ssh-key";
import { deleteSshKey } from "@/lib/account/delete-ssh-key";
import { formErrorOf } from "@/lib/account/form-error";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import type { AddSshKeyState, DeleteSshKeyState } from "./state";

// Server actions: Next.js refuses any whose Origin names another host (no allowedOrigins set).

export async function addSshKeyAction(previous: AddSshKeyState, formData: FormData): Promise<AddSshKeyState> {
  const { actor } = await requireSessionActor();
  const attempt = previous.attempt + 1;
  const values = { name: String(formData.get("name") ?? ""), publicKey: String(formData.get("publicKey") ?? "") };
  try {
    const key = await addSshKey({ database: database(), actor, input: values });
    revalidatePath("/settings/ssh-keys");
    return { attempt, added: key.fingerprint, field: null, error: null, values: { name: "", publicKey: "" } };
  } catch (error) {
    const { field, message } = formErrorOf(error, "adding an SSH key", ["name", "publicKey"]);
    return { attempt, added: null, field, error: message, values };
  }
}

export async function deleteSshKeyAction(_previous: DeleteSshKeyState, formData: FormData): Promise<DeleteSshKeyState> {
  const { actor } = await requireSessionActor();
  try {
    await deleteSshKey({ database: database(), actor, sshKeyId: String(formData.get("sshKeyId") ?? "") });
    revalidatePath("/settings/ssh-keys");
    return { error: null };
  } catch (error) {
    return { error: formErrorOf(error, "deleting an SSH key", []).message };
  }
}
