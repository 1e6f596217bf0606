import { AppError, parseInput } from "@/lib/errors";
import { listHosts } from "@/lib/hosts/list-hosts";
import { removeHost } from "@/lib/hosts/remove-host";
import { updateHost, ZHostPatch } from "@/lib/hosts/update-host";
import { updateHostPlacement } from "@/lib/hosts/update-host-placement";
import { apiRoute } from "@/lib/http/api-route";
import { jsonResponse, readJsonBody } from "@/lib/http/error-response";
import { panelServices } from "@/lib/http/panel-services";

export const dynamic = "force-dynamic";

/** One host (admins); {id} is its id or name. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const [host] = await listHosts({ database: panelServices().database, actor, hostId: params.id });
  if (!host) throw new AppError("not_found", 404, `host ${params.id} not found`);
  return jsonResponse({ host });
});

/** Drains or undrains it, sets or ends its maintenance notice, changes its overcommit or host group (admins); fields left out stay. */
export const PATCH = apiRoute<{ id: string }>(async ({ request, actor, params }) => {
  const { database } = panelServices();
  // The whole body is checked before anything is written; both writes are idempotent, so a
  // request refused at the second (an unknown host group, 422) can simply be sent again.
  const { draining, maintenanceNotice, ...placement } = parseInput(ZHostPatch, await readJsonBody(request));
  const updated = await updateHost({ database, actor, input: { draining, maintenanceNotice, host: params.id } });
  if (Object.values(placement).some((value) => value !== undefined)) await updateHostPlacement({ database, actor, hostId: updated.id, input: placement });
  const [host] = await listHosts({ database, actor, hostId: updated.id });
  return jsonResponse({ host });
});

/** Removes it once none of its servers lives on it (409 naming them otherwise): {"deleted": id}. */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const removed = await removeHost({ database: panelServices().database, actor, host: params.id });
  return jsonResponse({ deleted: removed.id });
});
