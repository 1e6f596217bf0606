import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => jsonResponse({ webhooks: await listWebhooks({ database: panelServices().database, actor }) }));

/** {"url", "events"}: 201 with the endpoint and its signing secret, shown this once. */
export const POST = apiRoute(async ({ request, actor }) => {
  const { database, settings } = panelServices();
  const created = await createWebhook({ database, actor, encryptionKey: settings.encryptionKey, input: await readJsonBody(request) });
  return jsonResponse(created, 201);
});
