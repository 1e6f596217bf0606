import { parseInput } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";
import { readMonthlyUsage } from "@/lib/usage/read-monthly-usage";
import { ZMonth } from "@/lib/usage/usage-periods";

export const dynamic = "force-dynamic";

/** The month's transfer (?month=2026-11, default this month), its allowance and CPU time. */
export const GET = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const raw = new URL(request.url).searchParams.get("month");
  const month = raw === null ? undefined : parseInput(ZMonth, raw);
  return jsonResponse({ usage: await readMonthlyUsage({ database: panelServices().database, actor, serverId: params.id, month }) });
});
