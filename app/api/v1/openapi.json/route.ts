import { openApiDocument } from "@/lib/api/openapi";

// Public: the document describes the API, it holds no data.
export function GET() {
  return Response.json(openApiDocument());
}
