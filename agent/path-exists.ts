import { access } from "node:fs/promises";

/** Whether the path can be reached; any failure (missing, no permission) counts as absent. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
