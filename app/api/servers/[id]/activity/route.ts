import { database } from "@/lib/database/client";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { findServerActivity } from "@/lib/servers/server-activity";

export const dynamic = "force-dynamic";

/**
 * GET /api/servers/:id/activity[?job=<job id>]: the server's status and the progress of one of its
 * jobs (the one named, else the running action), polled by the server page. 401 when signed out,
 * 404 for servers the caller may not see.
 */
export const GET = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const jobId = new URL(request.url).searchParams.get("job");
  const activity = await findServerActivity(database(), actor, params.id, jobId);
  return jsonResponse(activity);
});
