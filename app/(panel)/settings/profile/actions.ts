"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changePassword } from "@/lib/account/change-password";
import { updateProfile } from "@/lib/account/update-profile";
import { renewSessionCookie } from "@/lib/auth/renew-session-cookie";
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
    const { sessionVersion } = await changePassword({ database: services.database, actor, input });
    // Every other session of this user has ended; this one carries on with the new version.
    await renewSessionCookie({ sessionVersion });
    return null;
  },
);
