import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";

export const dynamic = "force-dynamic";

/** Deletes the endpoint and its deliveries: {"deleted": id}. */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => jsonResponse(await deleteWebhook({ database: panelServices().database, actor, webhookId: params.id })));
