import { planResource } from "@/lib/api/resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { listOrderablePlans } from "@/lib/plans/list-orderable-plans";

export const dynamic = "force-dynamic";

/** The plans the caller may order (a reseller's customers: those their reseller offers). */
export const GET = apiRoute(async ({ actor }) => {
  const plans = await listOrderablePlans(panelServices().database, actor.userId);
  return jsonResponse({ plans: plans.map(planResource) });
});
