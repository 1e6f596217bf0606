import { AgentError } from "../errors";
import { templateCatalog } from "../templates/catalog";

/** Image names double as template names in container specs and as subvolume name prefixes. */
export const imageNamePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;

// The agent's own images: the rescue system (agent/host/rescue-image.ts) and the built-in catalog.
const reservedNames = new Set(["rescue", ...templateCatalog.map((template) => template.name)]);

/** Checks the name of an image to build or import; invalid_request otherwise. */
export function parseImageName(name: string): string {
  if (!imageNamePattern.test(name)) throw new AgentError("invalid_request", `image name: must match ${imageNamePattern.source}`);
  if (reservedNames.has(name)) throw new AgentError("invalid_request", `image name: "${name}" is reserved for an image the agent makes itself`);
  return name;
}
