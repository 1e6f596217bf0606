import { listJobResources } from "@/lib/api/list-job-resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { pageInputOf } from "@/lib/pagination/read-page";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ request, actor }) => jsonResponse(await listJobResources({ database: panelServices().database, actor, page: pageInputOf(request) })));
