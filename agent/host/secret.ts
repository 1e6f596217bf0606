import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import type { AgentConfig } from "../config";

/** Creates the shared request-signing secret file (32 random bytes, hex, mode 0600) if missing. */
export async function ensureSecretFile(config: AgentConfig): Promise<string[]> {
  try {
    // "wx" fails if the file exists, so an existing secret is never replaced.
    await writeFile(config.secretFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    return [`created secret file ${config.secretFile}`];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return [];
    throw error;
  }
}
