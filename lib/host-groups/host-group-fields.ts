import { z } from "zod";

export const placementPolicies = ["spread", "pack"] as const;

export const ZHostGroupName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9-]+$/, "may contain only lowercase letters, digits and hyphens");

export const ZPlacementPolicy = z.enum(placementPolicies, { message: "must be spread or pack" });

export const ZHostGroupInput = z.object({ name: ZHostGroupName, placementPolicy: ZPlacementPolicy.default("spread") });
export type THostGroupInput = z.input<typeof ZHostGroupInput>;

/** A change to a group: fields left out stay. */
export const ZHostGroupChange = z.object({ name: ZHostGroupName.optional(), placementPolicy: ZPlacementPolicy.optional() });
export type THostGroupChange = z.input<typeof ZHostGroupChange>;
