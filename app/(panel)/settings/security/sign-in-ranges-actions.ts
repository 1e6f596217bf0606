"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { splitRanges } from "@/lib/network/address-ranges";
import { formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { setSignInRanges } from "@/lib/users/set-sign-in-ranges";

/** The signed-in user limits where its account may sign in from (empty: anywhere). */
export const setSignInRangesAction = panelAction("setSignInRanges", z.object({ ranges: formText() }), async ({ actor, input, services }) => {
  const updated = await setSignInRanges({ database: services.database, actor, userId: actor.userId, input: { ranges: splitRanges(input.ranges) } });
  revalidatePath("/settings/security");
  return { ranges: updated.signInRanges };
});
