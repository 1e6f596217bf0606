import { jobResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { requestServerAction } from "@/lib/servers/request-server-action";

export const dynamic = "force-dynamic";

/** {"type": "start"|"stop"|"reboot"|"suspend"|"unsuspend"|"resize"|"reinstall", ...}: 202 with the job. */
export const POST = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database, queue, settings } = panelServices();
  const input = await readJsonBody(request);
  const job = await requestServerAction({ database, queue, encryptionKey: settings.encryptionKey, actor, serverId: params.id, input });
  return jsonResponse({ job: jobResource(job) }, 202);
});
