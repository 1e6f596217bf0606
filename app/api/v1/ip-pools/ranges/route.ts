import { ipPoolResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { addAddressRange } from "@/lib/network/ip-pools/add-address-range";
import { listIpPools } from "@/lib/network/ip-pools/list-ip-pools";

export const dynamic = "force-dynamic";

/** Adds addresses (or IPv6 prefixes) to a pool, creating it on a host when it is new (admins); idempotent. */
export const POST = apiRoute(async ({ request, actor }) => {
  const { database, queue } = panelServices();
  const { pool, added, skipped } = await addAddressRange({ database, queue, actor, input: await readJsonBody(request) });
  const [listed] = await listIpPools({ database, actor, poolId: pool.id });
  return jsonResponse({ pool: listed ? ipPoolResource(listed) : null, added, skipped }, 201);
});
