import { z } from "zod";
import { ZPlanSlug } from "../plans/plan-fields";

export const ZTemplateInput = z.object({
  slug: ZPlanSlug,
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  /** The template subvolume's name on every host agent. */
  agentTemplate: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may contain only letters, digits, dots, hyphens and underscores"),
});
export type TTemplateInput = z.input<typeof ZTemplateInput>;
