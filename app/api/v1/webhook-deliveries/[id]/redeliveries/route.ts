import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { resendWebhookDelivery } from "@/lib/webhooks/resend-webhook-delivery";

export const dynamic = "force-dynamic";

/** "Send again": 202 with the delivery, pending and due now; the worker sends it within a second or so. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) =>
  jsonResponse({ delivery: await resendWebhookDelivery({ database: panelServices().database, actor, deliveryId: params.id }) }, 202),
);
