#!/usr/bin/env node
// Berth's operator CLI. The commands are TypeScript (cli/); tsx compiles them on load, so there is
// no build step, and paths resolve from this file, so it runs from any working directory.
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

await tsImport("../cli/main.ts", {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
});
