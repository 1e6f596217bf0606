import { createHost } from "@/lib/hosts/create-host";
import { listHosts } from "@/lib/hosts/list-hosts";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { panelBaseUrl } from "@/lib/settings";

export const dynamic = "force-dynamic";

/** Every host, pending ones too, with its health as the heartbeats last saw it (admins). */
export const GET = apiRoute(async ({ actor }) => jsonResponse({ hosts: await listHosts({ database: panelServices().database, actor }) }));

/** Adds a host waiting for its agent: answers the one-time join command (its token is shown only here). */
export const POST = apiRoute(async ({ request, actor }) => {
  const { database, settings } = panelServices();
  const created = await createHost({ database, actor, panelUrl: panelBaseUrl(settings), input: await readJsonBody(request) });
  const [host] = await listHosts({ database, actor, hostId: created.host.id });
  return jsonResponse({ host, joinToken: created.token, joinTokenExpiresAt: created.joinTokenExpiresAt.toISOString(), joinCommand: created.joinCommand }, 201);
});
