"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { setBranding } from "@/lib/resellers/set-branding";

export const saveBrandingAction = panelAction(
  "saveBranding",
  // No logo field: keep the current logo; an empty one removes it.
  z.object({ name: formText(), logoDataUrl: z.string().optional() }),
  async ({ actor, input, services }) => {
    await setBranding({ database: services.database, actor, input });
    // The layout shows the brand on every page.
    revalidatePath("/", "layout");
    return "Branding saved. Your customers see it the next time they load a page.";
  },
);
