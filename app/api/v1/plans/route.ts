import { planResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const plans = await panelServices().database.plan.findMany({ where: { active: true }, orderBy: { monthlyPriceCents: "asc" } });
  return jsonResponse({ plans: plans.map(planResource) });
});
