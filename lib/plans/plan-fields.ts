import { z } from "zod";

const ZPositiveWhole = z.number().int("must be a whole number").positive("must be more than 0");

export const ZPlanSlug = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(50, "must be at most 50 characters")
  .regex(/^[a-z0-9-]+$/, "may contain only lowercase letters, digits and hyphens");

/** Everything a plan sells; every amount is positive (a zero limit would make an unusable server). */
export const ZPlanInput = z.object({
  slug: ZPlanSlug,
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  vcpus: z.number().positive("must be more than 0").max(1024),
  memoryMb: ZPositiveWhole,
  swapMb: z.number().int("must be a whole number").min(0, "must not be negative"),
  diskMb: ZPositiveWhole,
  processes: ZPositiveWhole,
  ioReadMbps: ZPositiveWhole,
  ioWriteMbps: ZPositiveWhole,
  networkMbps: ZPositiveWhole,
  monthlyPriceCents: z.number().int("must be a whole number of cents").min(0, "must not be negative"),
  /** Which of a host's pools its servers' addresses come from. */
  addressMode: z.enum(["nat", "routed"], { message: "must be nat or routed" }).default("nat"),
  /** GB (10^9 bytes) received and sent per calendar month; 0 is unlimited. */
  monthlyTransferGb: z.number().min(0, "must not be negative").max(1_000_000, "must be at most 1000000").default(0),
  transferOverageAction: z.enum(["throttle", "suspend"], { message: "must be throttle or suspend" }).default("throttle"),
  /** The rate a server gets once its allowance is used (throttle), Mbit/s. */
  transferThrottleMbps: ZPositiveWhole.default(10),
  /** Its servers go only to hosts of this group (its placement policy applies); null: any host. */
  hostGroupId: z.string().trim().min(1, "must not be empty").nullable().default(null),
});
export type TPlanInput = z.input<typeof ZPlanInput>;
