"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changePassword } from "@/lib/account/change-password";
import { updateProfile } from "@/lib/account/update-profile";
import { formSecret, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";

// Server actions: Next.js refuses any whose Origin names another host (no allowedOrigins set).

export const updateProfileAction = panelAction(
  "updateProfile",
  z.object({ name: formText(), email: formText(), currentPassword: formSecret() }),
  async ({ actor, input, services }) => {
    await updateProfile({ database: services.database, actor, input });
    // The layout shows the name and email too.
    revalidatePath("/", "layout");
    return null;
  },
);

export const changePasswordAction = panelAction(
  "changePassword",
  z.object({ currentPassword: formSecret(), newPassword: formSecret(), confirmPassword: formSecret() }),
  async ({ actor, input, services }) => {
    await changePassword({ database: services.database, actor, input });
    return null;
  },
);
