import { findServerFor } from "@/lib/access/server-scope";
import { jobResource, serverResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { requestServerAction } from "@/lib/action-catalogue/request-server-action";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const server = await findServerFor(panelServices().database, actor, params.id);
  return jsonResponse({ server: serverResource(server, actor) });
});

/** Terminates the server (irreversible; safe to repeat): 202 with the job. */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const { database, queue } = panelServices();
  const job = await requestServerAction({ database, queue, actor, serverId: params.id, input: { type: "terminate" } });
  return jsonResponse({ job: jobResource(job, actor) }, 202);
});
