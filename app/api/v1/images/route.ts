import { imageVersionResource } from "@/lib/api/resources";
import { listImageVersions } from "@/lib/images/list-image-versions";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** Every image version on every host (admins only): `{images}`, by host, name and version. */
export const GET = apiRoute(async ({ actor }) => {
  const versions = await listImageVersions({ database: panelServices().database, actor });
  return jsonResponse({ images: versions.map(imageVersionResource) });
});
