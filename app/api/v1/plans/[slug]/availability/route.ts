import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { readPlanAvailability } from "@/lib/placement/plan-availability";

export const dynamic = "force-dynamic";

/** How many more servers of the plan can be placed now, and on how many hosts (admins; resellers for plans they offer). */
export const GET = apiRoute<{ slug: string }>(async ({ actor, params }) =>
  jsonResponse(await readPlanAvailability({ database: panelServices().database, actor, planSlug: params.slug })),
);
