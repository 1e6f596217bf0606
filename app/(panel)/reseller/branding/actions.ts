"use server";

import { revalidatePath } from "next/cache";
import { database } from "@/lib/database/client";
import { requireSessionActor } from "@/lib/panel/session-actor";
import { setBranding } from "@/lib/resellers/set-branding";
import { formResult, textField, type FormState } from "@/app/_components/form-state";

export async function saveBrandingAction(previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSessionActor();
  return formResult(previous, "saving branding", async () => {
    // No logo field: keep the current logo; an empty one removes it.
    const logo = formData.get("logoDataUrl");
    const input = { name: textField(formData, "name"), logoDataUrl: typeof logo === "string" ? logo : undefined };
    await setBranding({ database: database(), actor, input });
    // The layout shows the brand on every page.
    revalidatePath("/", "layout");
    return "Branding saved. Your customers see it the next time they load a page.";
  });
}
