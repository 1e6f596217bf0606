import { parseInput } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { readServerMetrics } from "@/lib/usage/read-metrics";
import { ZUsagePeriod } from "@/lib/usage/usage-periods";

export const dynamic = "force-dynamic";

/** The server's graph data for ?period=1h|24h|7d|30d (default 24h). */
export const GET = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const period = parseInput(ZUsagePeriod, new URL(request.url).searchParams.get("period") ?? "24h");
  return jsonResponse({ metrics: await readServerMetrics({ database: panelServices().database, actor, serverId: params.id, period }) });
});
