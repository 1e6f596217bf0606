import { z } from "zod";
import { auditActor, type Actor } from "../access/actor";
import { requireAdmin } from "../access/require-admin";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Database } from "../database/client";
import { AppError, parseInput } from "../errors";
import { hostGroupNamed } from "../host-groups/find-host-group";
import { ZHostGroupName } from "../host-groups/host-group-fields";
import { ZOvercommit } from "./host-fields";


/** How far placement may overcommit a host and which group it is in; fields left out stay, a null group takes it out of its group. */
export const ZHostPlacementInput = z.object({
  vcpuOvercommit: ZOvercommit.optional().describe("vCPUs placement may promise per CPU thread"),
  memoryOvercommit: ZOvercommit.optional().describe("MiB of memory placement may promise per MiB the host has"),
  hostGroup: ZHostGroupName.nullable().optional().describe("the host group's name; null: no group"),
});
export type THostPlacementInput = z.input<typeof ZHostPlacementInput>;

/**
 * Changes a host's overcommit ratios and host group (admins only). Servers already placed stay
 * where they are even if the host is now over its room; only new placements follow.
 */
export async function updateHostPlacement({ database, actor, hostId, input }: { database: Database; actor: Actor; hostId: string; input: unknown }) {
  requireAdmin(actor, "host");
  const { hostGroup, ...ratios } = parseInput(ZHostPlacementInput, input);
  const host = await database.host.findUnique({ where: { id: hostId }, include: { hostGroup: true } });
  if (!host) throw new AppError("not_found", 404, `host ${hostId} not found`);
  const group = typeof hostGroup === "string" ? await hostGroupNamed(database, hostGroup, "hostGroup") : hostGroup;
  return database.$transaction(async (transaction) => {
    const updated = await transaction.host.update({
      where: { id: hostId },
      data: { ...ratios, ...(group !== undefined ? { hostGroupId: group?.id ?? null } : {}) },
      include: { hostGroup: true },
    });
    await recordAuditEvent(transaction, {
      ...auditActor(actor),
      action: "host.placement.update",
      targetType: "host",
      targetId: hostId,
      result: "success",
      details: {
        from: { vcpuOvercommit: host.vcpuOvercommit, memoryOvercommit: host.memoryOvercommit, hostGroup: host.hostGroup?.name ?? null },
        to: { vcpuOvercommit: updated.vcpuOvercommit, memoryOvercommit: updated.memoryOvercommit, hostGroup: updated.hostGroup?.name ?? null },
      },
    });
    return updated;
  });
}
