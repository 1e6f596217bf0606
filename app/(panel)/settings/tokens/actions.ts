"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formId, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { createApiToken, revokeApiToken } from "@/lib/tokens/api-tokens";

/** The new token, shown once (never stored anywhere but the owner's clipboard), and its name. */
export const createTokenAction = panelAction("createToken", z.object({ name: formText() }), async ({ actor, input, services }) => {
  const { token, apiToken } = await createApiToken({ database: services.database, actor, input });
  revalidatePath("/settings/tokens");
  return { token, name: apiToken.name };
});

export const revokeTokenAction = panelAction("revokeToken", z.object({ tokenId: formId("token") }), async ({ actor, input, services }) => {
  await revokeApiToken({ database: services.database, actor, tokenId: input.tokenId });
  revalidatePath("/settings/tokens");
  return null;
});
