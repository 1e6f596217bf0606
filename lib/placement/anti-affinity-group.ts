import { z } from "zod";

/** An order's anti-affinity label: the owner's servers with the same one go to different hosts. */
export const ZAntiAffinityGroup = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9-]+$/, "may contain only lowercase letters, digits and hyphens")
  .describe("optional: the owner's servers with the same label are placed on different hosts");
