import { templateResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const templates = await panelServices().database.template.findMany({ where: { active: true }, orderBy: { name: "asc" } });
  return jsonResponse({ templates: templates.map(templateResource) });
});
