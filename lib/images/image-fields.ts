import { z } from "zod";
import { imageRecipes } from "../../agent/images/recipes";

/** What the agent accepts as an image name (agent/images/image-names.ts); also Template.agentTemplate. */
export const ZImageName = z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "must be 1-63 characters: a-z, 0-9, dots, hyphens and underscores, starting with a letter or digit");

/** The images the agents build themselves (debootstrap recipes); anything else is imported. */
export const buildableImages = imageRecipes.map((recipe) => recipe.name);

/** Optional host name: required only when there are several hosts. */
const ZHostChoice = z.string().trim().min(1, "must not be empty").optional();

export const ZImageBuildInput = z.object({ image: ZImageName, host: ZHostChoice });

// The agent unpacks these; the suffix is how it knows the compression.
export const importSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.zst"] as const;

export const ZImageImportInput = z.object({
  image: ZImageName,
  path: z
    .string()
    .trim()
    .refine((value) => value.startsWith("/"), "must be an absolute path on the host")
    .refine((value) => importSuffixes.some((suffix) => value.endsWith(suffix)), `must end with ${importSuffixes.join(", ")}`),
  host: ZHostChoice,
});
