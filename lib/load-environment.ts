import { readFileSync } from "node:fs";
import path from "node:path";
import { dataDirectory } from "./settings";

function readLines(file: string): string[] | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EACCES") console.error(`berth: cannot read ${file} (permission denied); run as root or set its variables in the environment`);
    return undefined;
  }
}

/** KEY=VALUE lines, read the way scripts/lib/common.sh reads them: no quoting, no comments. */
function assign(env: NodeJS.ProcessEnv, file: string, keepEmpty: boolean): void {
  for (const line of readLines(file) ?? []) {
    const separator = line.indexOf("=");
    const key = line.slice(0, separator);
    if (separator < 1 || !/^[A-Z_][A-Z0-9_]*$/.test(key)) continue;
    const present = keepEmpty ? env[key] !== undefined : Boolean(env[key]);
    if (!present) env[key] = line.slice(separator + 1);
  }
}

/**
 * Fills the environment the way scripts/up.sh does for the panel, so the CLI, the worker and tests see the
 * same data directory and secrets: the repository's .env, then <data>/secrets.env. Variables
 * already set always win. The panel, worker and tests run from the repository; the CLI passes it.
 */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env, repositoryRoot = process.cwd()): void {
  assign(env, path.join(repositoryRoot, ".env"), true);
  assign(env, path.join(dataDirectory(env), "secrets.env"), false);
}
