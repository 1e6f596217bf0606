import { jobResource } from "@/lib/api/resources";
import { requestImageBuild } from "@/lib/images/request-image-build";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** {"image": "debian-12"|"debian-13", "host"?}: 202 with the build's job (admins only). */
export const POST = apiRoute(async ({ request, actor }) => {
  const { database, queue } = panelServices();
  const job = await requestImageBuild({ database, queue, actor, input: await readJsonBody(request) });
  return jsonResponse({ job: jobResource(job, actor) }, 202);
});
