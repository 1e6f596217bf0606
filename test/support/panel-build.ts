import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Builds the panel (`next build`, minutes) when .next is missing or older than app/, lib/ or
 * next.config.js: the same rule as scripts/lib/common.sh's build_panel, so a test that starts
 * panel-server/main.ts runs against the code it tests.
 */
export function ensurePanelBuild(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const stale = !existsSync(buildId) || execFileSync("find", ["app", "lib", "next.config.js", "-newer", buildId, "-print", "-quit"], { cwd: root, encoding: "utf8" }).trim() !== "";
  if (stale) execFileSync("npx", ["next", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], timeout: 20 * 60_000 });
}
