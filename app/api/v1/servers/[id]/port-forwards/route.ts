import { jobResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { readPortForwards, setPortForwards } from "@/lib/port-forwards/port-forwards";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => jsonResponse(await readPortForwards({ database: panelServices().database, actor, serverId: params.id })));

/** {"portForwards": [{protocol, publicPort, port}]}: replaces a NAT server's forwards (admins); 202 with the host's network job. */
export const PUT = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database, queue } = panelServices();
  const { job, ...forwards } = await setPortForwards({ database, queue, actor, serverId: params.id, input: await readJsonBody(request) });
  return jsonResponse({ ...forwards, job: jobResource(job, actor) }, 202);
});
