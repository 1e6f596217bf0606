import { readFile, rename, writeFile } from "node:fs/promises";
import type { AgentConfig } from "../config";
import { renderSeccompProfile } from "../lxc/seccomp-profile";
import { readOptionalFile } from "../read-optional-file";

/** The profile LXC's common.conf loads; Berth's profile extends it and replaces it in the config. */
export const distributionSeccompProfile = "/usr/share/lxc/config/common.seccomp";

/**
 * Writes the containers' seccomp profile if it is missing or differs (an LXC upgrade may change
 * the distribution's rules, or a newer agent its own). Write then rename: a container starting
 * meanwhile reads the old profile or the new one, never half of one.
 */
export async function ensureSeccompProfile(config: AgentConfig): Promise<string[]> {
  const wanted = renderSeccompProfile(await readFile(distributionSeccompProfile, "utf8"));
  if ((await readOptionalFile(config.seccompProfile)) === wanted) return [];
  const partial = `${config.seccompProfile}.partial`;
  await writeFile(partial, wanted, { mode: 0o644 });
  await rename(partial, config.seccompProfile);
  return [`wrote seccomp profile ${config.seccompProfile}`];
}
