import { storeImageUpload } from "@/lib/images/store-image-upload";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/**
 * POST /api/images/uploads?name=<file name>, the tarball as the raw body (admins only): 201
 * {path}, the stored file's path for an import. Used by the templates page; it is streamed to
 * disk, so it bypasses the 1 MiB limit of API bodies and server actions.
 */
export const POST = apiRoute(async ({ request, actor }) => {
  const declared = request.headers.get("content-length");
  const stored = await storeImageUpload({
    actor,
    settings: panelServices().settings,
    fileName: new URL(request.url).searchParams.get("name") ?? "",
    body: request.body,
    declaredBytes: declared === null ? null : Number(declared),
  });
  return jsonResponse(stored, 201);
});
