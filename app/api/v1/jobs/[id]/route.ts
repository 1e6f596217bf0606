import { findJobFor } from "@/lib/api/queries";
import { jobResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const job = await findJobFor(panelServices().database, actor, params.id);
  return jsonResponse({ job: jobResource(job, actor) });
});
