import { ipPoolResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { listIpPools } from "@/lib/network/ip-pools/list-ip-pools";
import { updateIpPool } from "@/lib/network/ip-pools/update-ip-pool";

export const dynamic = "force-dynamic";

/** Changes a pool's host, mode, uplink, gateway, proxied neighbours, public address or resolvers (admins); fields left out stay. */
export const PATCH = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database, queue } = panelServices();
  const body = await readJsonBody(request);
  const { id } = await updateIpPool({ database, queue, actor, input: { ...(typeof body === "object" && body !== null ? body : {}), poolId: params.id } });
  const [pool] = await listIpPools({ database, actor, poolId: id });
  return jsonResponse({ pool: pool ? ipPoolResource(pool) : null });
});
