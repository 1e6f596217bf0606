import { z } from "zod";
import type { Actor } from "../access/actor";
import type { Database } from "../database/client";
import { AppError } from "../errors";
import { serversThatFit } from "./choose-host";
import { loadPlacementCandidates } from "./placement-candidates";

export const ZPlanAvailabilityResource = z.object({
  plan: z.string().describe("the plan's slug"),
  available: z.boolean().describe("at least one more server of the plan can be placed now"),
  servers: z.number().int().describe("how many more servers of the plan could be placed now (room and addresses), if nothing else were ordered"),
  hosts: z.number().int().describe("how many hosts have room for at least one"),
});

/**
 * How many more servers of a plan placement would take right now, by its own rules (eligible
 * hosts, room with overcommit, an IPv4 and an IPv6 address each), and on how many hosts; for
 * billing systems keeping stock. Anti-affinity is per order and not counted. Admins ask about
 * any active plan, resellers about those they offer; anything else is 404 like an unknown plan.
 */
export async function readPlanAvailability({ database, actor, planSlug }: { database: Database; actor: Actor; planSlug: string }): Promise<z.infer<typeof ZPlanAvailabilityResource>> {
  if (actor.role !== "admin" && actor.role !== "reseller") throw new AppError("forbidden", 403, "Only admins and resellers may read plan availability");
  const resellerId = actor.role === "reseller" ? actor.userId : null;
  const plan = await database.plan.findFirst({
    where: { slug: planSlug, active: true, ...(resellerId ? { offeredBy: { some: { resellerId } } } : {}) },
  });
  if (!plan) throw new AppError("not_found", 404, `plan ${planSlug} not found`);
  const { candidates } = await loadPlacementCandidates(database, plan);
  const perHost = candidates.map((candidate) => serversThatFit(candidate, plan));
  const servers = perHost.reduce((total, count) => total + count, 0);
  return { plan: plan.slug, available: servers > 0, servers, hosts: perHost.filter((count) => count > 0).length };
}
