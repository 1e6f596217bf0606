import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { findCustomerOrderProgress } from "@/lib/panel/customer-views";

export const dynamic = "force-dynamic";

/** GET /api/orders/:id/progress: the caller's own order and its latest job's progress (404 for others'). */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const progress = await findCustomerOrderProgress(database(), actor.userId, params.id);
  if (!progress) throw new AppError("not_found", 404, `order ${params.id} not found`);
  return jsonResponse(progress);
});
