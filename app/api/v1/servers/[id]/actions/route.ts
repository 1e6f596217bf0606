import { ZServerActionApiInput } from "@/lib/action-catalogue/catalogue";
import { requestServerAction } from "@/lib/action-catalogue/request-server-action";
import { jobResource } from "@/lib/api/resources";
import { parseInput } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** {"type": <an action of the catalogue without a route of its own>, ...its fields}: 202 with the job. */
export const POST = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database, queue } = panelServices();
  const input = parseInput(ZServerActionApiInput, await readJsonBody(request));
  const job = await requestServerAction({ database, queue, actor, serverId: params.id, input });
  return jsonResponse({ job: jobResource(job, actor) }, 202);
});
