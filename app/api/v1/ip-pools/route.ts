import { ipPoolResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { listIpPools } from "@/lib/network/ip-pools/list-ip-pools";

export const dynamic = "force-dynamic";

/** Every address pool with its settings and how many addresses are used (admins). */
export const GET = apiRoute(async ({ actor }) => jsonResponse({ pools: (await listIpPools({ database: panelServices().database, actor })).map(ipPoolResource) }));
