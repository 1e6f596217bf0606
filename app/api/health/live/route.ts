import { jsonResponse } from "@/lib/http/error-response";

export const dynamic = "force-dynamic";

/** Liveness for supervisors and load balancers: answers while the process runs; unauthenticated, says nothing else. */
export function GET(): Response {
  return jsonResponse({ status: "ok" });
}
