import { AgentConfigError, loadAgentConfig } from "./config";
import { prepareHost } from "./host/prepare";
import { teardownHost } from "./host/teardown";
import { CommandError } from "./run-command";
import { superviseLxcfs } from "./host/lxcfs";
import { startAgentServer } from "./server";

const usage = "usage: tsx agent/main.ts prepare|serve|teardown";

async function prepare(): Promise<void> {
  const config = loadAgentConfig();
  const actions = await prepareHost(config);
  if (actions.length === 0) console.log("host already prepared; nothing to do");
  for (const action of actions) console.log(`- ${action}`);
}

/** For throwaway instances only: destroys every container, unmounts the pool, deletes the bridge. */
async function teardown(): Promise<void> {
  for (const action of await teardownHost(loadAgentConfig())) console.log(`- ${action}`);
}

async function serve(): Promise<void> {
  await prepare();
  // Load again: prepare may just have created the secret file.
  const config = loadAgentConfig();
  const server = await startAgentServer({ config, autostartConcurrency: 4, usageSweepIntervalMs: 15_000 });
  console.log(`berth agent listening on ${server.url} (bridge ${config.bridge}, pool ${config.poolDir})`);
  const stopSupervising = superviseLxcfs(30_000, (message) => console.log(message));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`received ${signal}; closing`);
    stopSupervising();
    // Containers keep running: they belong to LXC, not to the agent process.
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("error while closing:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === "prepare") return prepare();
  if (command === "serve") return serve();
  if (command === "teardown") return teardown();
  console.error(usage);
  process.exit(2);
}

main().catch((error: unknown) => {
  if (error instanceof AgentConfigError) console.error(`berth agent: bad configuration: ${error.message}`);
  else if (error instanceof CommandError) console.error(`berth agent: ${error.message}`);
  else console.error("berth agent failed:", error instanceof Error ? error.message : error);
  if (process.getuid?.() !== 0) console.error("(the agent must run as root)");
  process.exit(1);
});
