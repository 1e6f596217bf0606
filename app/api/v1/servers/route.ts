import { listServerResources } from "@/lib/api/list-server-resources";
import { jobResource, serverResource } from "@/lib/api/resources";
import { findServerFor, refuseServerLimitedOrder } from "@/lib/access/server-scope";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { queryParametersOf } from "@/lib/http/query-parameters";
import { pageInputOf } from "@/lib/pagination/read-page";
import { createOrder } from "@/lib/orders/create-order";

export const dynamic = "force-dynamic";

/** One page of the caller's servers (`?limit=&cursor=&serviceId=`), newest first: `{servers, nextCursor}`. */
export const GET = apiRoute(async ({ request, actor }) =>
  jsonResponse(await listServerResources({ database: panelServices().database, actor, page: pageInputOf(request), filter: queryParametersOf(request, ["serviceId"]) })),
);

/**
 * Orders a server for the caller: 202 with the pending server and its provisioning job, and
 * `rootPassword` when Berth generated it (shown this once, stored nowhere).
 */
export const POST = apiRoute(async ({ request, actor }) => {
  refuseServerLimitedOrder(actor);
  const { database, queue } = panelServices();
  const input = await readJsonBody(request);
  const { server, job, generatedRootPassword } = await createOrder({ database, queue, customerId: actor.userId, actor, input, ipAddress: actor.ipAddress });
  const created = await findServerFor(database, actor, server.id);
  return jsonResponse(
    { server: serverResource(created, actor), job: jobResource(job, actor), ...(generatedRootPassword ? { rootPassword: generatedRootPassword } : {}) },
    202,
  );
});
