import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { parseInput } from "../errors";
import { hostByReference } from "./host-by-reference";
import { ZHostPlacementInput } from "./update-host-placement";

export const ZUpdateHost = z.object({
  /** The host's id or name. */
  host: z.string().trim().min(1, "name the host"),
  /** true: no new servers go here (its servers stay); false: placement may choose it again. */
  draining: z.boolean().optional(),
  /** Shown to the customers of its servers, and no new servers go here; null ends maintenance. */
  maintenanceNotice: z.string().trim().min(1, "must not be empty; send null to end maintenance").max(500, "at most 500 characters").nullable().optional(),
});
export type TUpdateHost = z.input<typeof ZUpdateHost>;

/** PATCH /api/v1/hosts/{id}: updateHost's fields, and the overcommit and host group that updateHostPlacement sets. */
export const ZHostPatch = ZUpdateHost.omit({ host: true }).extend(ZHostPlacementInput.shape);

/**
 * Drains, undrains, or puts into or out of maintenance a host (admins only; overcommit and host
 * group are update-host-placement.ts's); fields left out stay. Setting what is already set
 * changes nothing and records nothing, so a retried request is harmless; a new notice text
 * keeps the maintenance's start time.
 */
export async function updateHost({ database, actor, input }: { database: Database; actor: Actor; input: unknown }) {
  requireAdmin(actor, "hosts");
  const { host: reference, maintenanceNotice, ...settings } = parseInput(ZUpdateHost, input);
  return database.$transaction(async (transaction) => {
    const host = await hostByReference(transaction, reference);
    const changes: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(settings)) {
      if (value !== undefined && value !== host[field as keyof typeof settings]) changes[field] = value;
    }
    if (maintenanceNotice !== undefined && maintenanceNotice !== host.maintenanceNotice) {
      changes.maintenanceNotice = maintenanceNotice;
      changes.maintenanceSince = maintenanceNotice === null ? null : (host.maintenanceSince ?? new Date());
    }
    if (Object.keys(changes).length === 0) return host;
    const updated = await transaction.host.update({ where: { id: host.id }, data: changes });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "host.update",
      targetType: "host",
      targetId: host.id,
      result: "success",
      details: { name: host.name, ...changes },
    });
    return updated;
  });
}
