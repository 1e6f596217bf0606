import { database } from "@/lib/database/client";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { findOrderProgress } from "@/lib/orders/order-views";

export const dynamic = "force-dynamic";

/** GET /api/orders/:id/progress: an order the caller may see and its latest job's progress (404 for others'). */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const progress = await findOrderProgress(database(), actor, params.id);
  if (!progress) throw new AppError("not_found", 404, `order ${params.id} not found`);
  return jsonResponse(progress);
});
