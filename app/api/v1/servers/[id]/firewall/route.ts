import { jobResource } from "@/lib/api/resources";
import { readServerFirewall } from "@/lib/firewall/server-firewall";
import { setServerFirewall } from "@/lib/firewall/set-server-firewall";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) =>
  jsonResponse({ firewall: await readServerFirewall({ database: panelServices().database, actor, serverId: params.id }) }),
);

/** {"defaultInbound", "rules": [...]} or {"preset"}: replaces the whole rule set; 202 with the job that applies it. */
export const PUT = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database, queue } = panelServices();
  const { firewall, job } = await setServerFirewall({ database, queue, actor, serverId: params.id, input: await readJsonBody(request) });
  return jsonResponse({ firewall, job: jobResource(job, actor) }, 202);
});
