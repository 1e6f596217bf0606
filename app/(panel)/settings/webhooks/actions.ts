"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formId, formList, formText } from "@/lib/panel/form-fields";
import { panelAction } from "@/lib/panel/panel-action";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { resendWebhookDelivery } from "@/lib/webhooks/resend-webhook-delivery";

const ZCreateWebhookForm = z.object({ url: formText(), events: formList() });

/** The new endpoint's signing secret, shown once, and its URL. */
export const createWebhookAction = panelAction("createWebhook", ZCreateWebhookForm, async ({ actor, input, services }) => {
  const { webhook, secret } = await createWebhook({ database: services.database, actor, encryptionKey: services.settings.encryptionKey, input });
  revalidatePath("/settings/webhooks");
  return { secret, url: webhook.url };
});

export const deleteWebhookAction = panelAction("deleteWebhook", z.object({ webhookId: formId("endpoint") }), async ({ actor, input, services }) => {
  await deleteWebhook({ database: services.database, actor, webhookId: input.webhookId });
  revalidatePath("/settings/webhooks");
  return null;
});

export const resendDeliveryAction = panelAction("resendWebhookDelivery", z.object({ deliveryId: formId("delivery") }), async ({ actor, input, services }) => {
  await resendWebhookDelivery({ database: services.database, actor, deliveryId: input.deliveryId });
  revalidatePath("/settings/webhooks");
  return "Queued to send again";
});
