import { listCustomerResources } from "@/lib/api/list-customer-resources";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { queryParametersOf } from "@/lib/http/query-parameters";
import { pageInputOf } from "@/lib/pagination/read-page";

export const dynamic = "force-dynamic";

/** One page of the customers the caller manages (`?limit=&cursor=&email=`). */
export const GET = apiRoute(async ({ request, actor }) =>
  jsonResponse(await listCustomerResources({ database: panelServices().database, actor, page: pageInputOf(request), filter: queryParametersOf(request, ["email"]) })),
);
