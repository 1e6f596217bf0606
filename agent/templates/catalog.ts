import { busyboxTemplate } from "./busybox";

export interface TemplateDefinition {
  /** Also the subvolume name under <pool>/templates/. */
  name: string;
  description: string;
  /** Fills the empty folder `rootfs`; `workDir` is an empty scratch folder removed afterwards. */
  buildRootfs(rootfs: string, workDir: string): Promise<void>;
}

/** Every template the agent knows how to build. Add distributions here. */
export const templateCatalog: readonly TemplateDefinition[] = [busyboxTemplate];

export function findTemplate(name: string): TemplateDefinition | undefined {
  return templateCatalog.find((template) => template.name === name);
}
