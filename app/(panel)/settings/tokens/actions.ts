"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { splitRanges } from "@/lib/network/address-ranges";
import { formId, formList, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { createApiToken, revokeApiToken } from "@/lib/tokens/api-tokens";

const ZCreateTokenForm = z.object({ name: formText(), scope: formText(), expiresInDays: formText(), serverIds: formList(), sourceRanges: formText() });

/** The new token, shown once (never stored anywhere but the owner's clipboard), and its name. */
export const createTokenAction = panelAction("createToken", ZCreateTokenForm, async ({ actor, input, services }) => {
  const { token, apiToken } = await createApiToken({
    database: services.database,
    actor,
    input: {
      name: input.name,
      scope: input.scope || undefined,
      expiresInDays: input.expiresInDays ? Number(input.expiresInDays) : undefined,
      serverIds: input.serverIds,
      sourceRanges: splitRanges(input.sourceRanges),
    },
  });
  revalidatePath("/settings/tokens");
  return { token, name: apiToken.name };
});

export const revokeTokenAction = panelAction("revokeToken", z.object({ tokenId: formId("token") }), async ({ actor, input, services }) => {
  await revokeApiToken({ database: services.database, actor, tokenId: input.tokenId });
  revalidatePath("/settings/tokens");
  return null;
});
