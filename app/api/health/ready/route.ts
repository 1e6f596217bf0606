import { AppError } from "@/lib/errors";
import { errorResponse, jsonResponse } from "@/lib/http/error-response";
import { failedDependencies } from "@/lib/operations/check-readiness";
import { operationsServices } from "@/lib/operations/operations-services";

export const dynamic = "force-dynamic";

/**
 * Readiness for load balancers: 200 when the database and Redis each answer within a second,
 * else 503 naming which did not (unauthenticated: no addresses, versions or messages).
 */
export async function GET(): Promise<Response> {
  const failed = await failedDependencies(operationsServices());
  if (failed.length === 0) return jsonResponse({ status: "ok" });
  return errorResponse(new AppError("not_ready", 503, `not ready: ${failed.join(" and ")} did not answer`, { failed }));
}
