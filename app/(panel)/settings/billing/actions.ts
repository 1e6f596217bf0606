"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { rotateBillingSecret } from "@/lib/billing/rotate-billing-secret";
import { panelAction } from "@/lib/panel/panel-action";

/** Replaces the reseller's billing webhook secret; the old one stops working at once. */
export const rotateBillingSecretAction = panelAction("rotateBillingSecret", z.object({}), async ({ actor, services }) => {
  await rotateBillingSecret({ database: services.database, actor, encryptionKey: services.settings.encryptionKey });
  revalidatePath("/settings/billing");
  return null;
});
