"use server";

import { revalidatePath } from "next/cache";
import { changePassword } from "@/lib/account/change-password";
import { formErrorOf } from "@/lib/account/form-error";
import { updateProfile } from "@/lib/account/update-profile";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import type { AccountFormState } from "./state";

// Server actions: Next.js refuses any whose Origin names another host (no allowedOrigins set).

export async function updateProfileAction(previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const { actor } = await requireSessionActor();
  const attempt = previous.attempt + 1;
  try {
    await updateProfile({
      database: database(),
      actor,
      input: { name: String(formData.get("name") ?? ""), email: String(formData.get("email") ?? ""), currentPassword: String(formData.get("currentPassword") ?? "") },
    });
    // The layout shows the name and email too.
    revalidatePath("/", "layout");
    return { attempt, saved: true, field: null, error: null };
  } catch (error) {
    const { field, message } = formErrorOf(error, "updating the profile", ["name", "email", "currentPassword"]);
    return { attempt, saved: false, field, error: message };
  }
}

export async function changePasswordAction(previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const { actor } = await requireSessionActor();
  const attempt = previous.attempt + 1;
  try {
    await changePassword({
      database: database(),
      actor,
      input: {
        currentPassword: String(formData.get("currentPassword") ?? ""),
        newPassword: String(formData.get("newPassword") ?? ""),
        confirmPassword: String(formData.get("confirmPassword") ?? ""),
      },
    });
    return { attempt, saved: true, field: null, error: null };
  } catch (error) {
    const { field, message } = formErrorOf(error, "changing the password", ["currentPassword", "newPassword", "confirmPassword"]);
    return { attempt, saved: false, field, error: message };
  }
}
