import { AppError } from "../errors";
import { logger } from "../logging/logger";
import { apiBodyLimitBytes, readBodyText } from "./read-body-text";

const noStore = { "Cache-Control": "no-store" };

export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: noStore });
}

/** The one error shape: AppErrors as they are, anything else a logged, generic 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = { ...noStore };
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (error.status === 429 && retryAfter) headers["Retry-After"] = String(retryAfter);
    return Response.json(error.toJSON(), { status: error.status, headers });
  }
  logger().error({ err: error }, "unexpected error in an API route");
  return jsonResponse({ error: { code: "internal_error", message: "Something went wrong on our side; it has been logged" } }, 500);
}

/** Parses a JSON body of at most 1 MiB (413 beyond, before any parsing) or throws a 400 that says so. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await readBodyText({ request, limitBytes: apiBodyLimitBytes });
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", 400, "body: must be valid JSON");
  }
}
