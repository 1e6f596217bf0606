import { AppError } from "../errors";
import { freeScore, plansThatFit, type Resources } from "./host-room";
import type { PlacementCandidate, PlacementPolicy } from "./placement-candidates";

/** How many servers of the plan a candidate can still take: room and an IPv4 and IPv6 address each. */
export function serversThatFit(candidate: PlacementCandidate, plan: Resources): number {
  return Math.min(plansThatFit(candidate.room, plan), candidate.freeAddresses[4], candidate.freeAddresses[6]);
}

export interface AntiAffinity {
  group: string;
  /** Hosts already holding a live server of the same owner with the same label. */
  hostIds: Set<string>;
}

/**
 * The host for one more server of the plan: among candidates with room, apart from the owner's
 * servers with the same anti-affinity label, with a free IPv4 and IPv6 address; spread takes the
 * freest (highest freeScore), pack the fullest (lowest), ties by name. Otherwise 409 saying what
 * ran out: no_capacity, anti_affinity_unsatisfiable or ip_pool_exhausted.
 */
export function chooseHost(candidates: PlacementCandidate[], policy: PlacementPolicy, plan: Resources & { addressMode: string }, antiAffinity: AntiAffinity | null): PlacementCandidate {
  const withRoom = candidates.filter((candidate) => plansThatFit(candidate.room, plan) > 0);
  if (withRoom.length === 0) throw new AppError("no_capacity", 409, "No host has room for this plan right now");
  const apart = antiAffinity ? withRoom.filter((candidate) => !antiAffinity.hostIds.has(candidate.host.id)) : withRoom;
  if (apart.length === 0) {
    throw new AppError("anti_affinity_unsatisfiable", 409, `Every host with room for this plan already has one of your servers labelled "${antiAffinity?.group}"`, { antiAffinityGroup: antiAffinity?.group });
  }
  const withAddresses = apart.filter((candidate) => candidate.freeAddresses[4] > 0 && candidate.freeAddresses[6] > 0);
  if (withAddresses.length === 0) {
    const missing = ([4, 6] as const).filter((family) => apart.some((candidate) => candidate.freeAddresses[family] === 0));
    throw new AppError("ip_pool_exhausted", 409, `No free ${missing.map((family) => `IPv${family}`).join(" or ")} address is left in the ${plan.addressMode} pools of the hosts with room for this plan`);
  }
  const direction = policy === "pack" ? 1 : -1;
  return [...withAddresses].sort((a, b) => direction * (freeScore(a.room) - freeScore(b.room)) || a.host.name.localeCompare(b.host.name))[0]!;
}
