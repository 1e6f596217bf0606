import { hasBearerToken } from "@/agent/protocol/bearer-token";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { operationsRedis } from "@/lib/operations/operations-redis";
import { renderPanelMetrics } from "@/lib/operations/panel-metrics";
import { operationsSettings } from "@/lib/settings";

export const dynamic = "force-dynamic";

/**
 * Prometheus's scrape: "Authorization: Bearer <BERTH_METRICS_TOKEN>". Without a token set the
 * route does not exist (404), so a panel nobody configured for it shows nothing.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const { metricsToken } = operationsSettings();
    if (metricsToken === null) throw new AppError("not_found", 404, "No route answers GET /metrics");
    if (!hasBearerToken(request.headers.get("authorization"), metricsToken)) {
      throw new AppError("unauthenticated", 401, 'Send "Authorization: Bearer <BERTH_METRICS_TOKEN>"');
    }
    const { database, queue, settings } = panelServices();
    const { contentType, text } = await renderPanelMetrics({ database, queue, redis: operationsRedis(settings.redisUrl) });
    return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
