import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

export const dynamic = "force-dynamic";

/** Any /api/ path no route answers: a 404 in the one error shape, not the panel's HTML page. */
function notFound(request: Request): Response {
  return errorResponse(new AppError("not_found", 404, `No API route answers ${request.method} ${new URL(request.url).pathname}`));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
