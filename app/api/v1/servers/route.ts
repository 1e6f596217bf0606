import { listServersFor } from "@/lib/api/queries";
import { jobResource, serverResource } from "@/lib/api/resources";
import { findServerFor } from "@/lib/access/server-scope";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { createOrder } from "@/lib/orders/create-order";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => {
  const servers = await listServersFor(panelServices().database, actor);
  return jsonResponse({ servers: servers.map((server) => serverResource(server, actor)) });
});

/** Orders a server for the caller: 202 with the pending server and its provisioning job. */
export const POST = apiRoute(async ({ request, actor }) => {
  const { database, queue } = panelServices();
  const input = await readJsonBody(request);
  const { server, job } = await createOrder({ database, queue, customerId: actor.userId, actor, input, ipAddress: actor.ipAddress });
  const created = await findServerFor(database, actor, server.id);
  return jsonResponse({ server: serverResource(created, actor), job: jobResource(job) }, 202);
});
