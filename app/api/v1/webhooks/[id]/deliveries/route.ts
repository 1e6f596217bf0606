import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";

export const dynamic = "force-dynamic";

/** The endpoint's newest deliveries, newest first. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) =>
  jsonResponse({ deliveries: await listWebhookDeliveries({ database: panelServices().database, actor, webhookId: params.id }) }),
);
