import { jobResource } from "@/lib/api/resources";
import { requestImageImport } from "@/lib/images/request-image-import";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** {"image", "path" (a tarball on the host), "host"?}: 202 with the import's job (admins only). */
export const POST = apiRoute(async ({ request, actor }) => {
  const { database, queue } = panelServices();
  const job = await requestImageImport({ database, queue, actor, input: await readJsonBody(request) });
  return jsonResponse({ job: jobResource(job, actor) }, 202);
});
