import { parseArgs } from "node:util";
import { AgentConfigError, loadAgentConfig } from "./config";
import { prepareHost } from "./host/prepare";
import { teardownHost } from "./host/teardown";
import { CommandError } from "./run-command";
import { superviseLxcfs } from "./host/lxcfs";
import { stdoutLogger } from "./log";
import { startAgentServer } from "./server";
import { JoinError, joinPanel } from "./join/join-panel";

const usage = "usage: tsx agent/main.ts prepare|serve|teardown | join --panel URL --token TOKEN [--advertise https://ADDRESS:PORT]";

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

/** Joins the panel with the token of `berth hosts add` (once per host); serve then listens over HTTPS. */
async function join(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { panel: { type: "string" }, token: { type: "string" }, advertise: { type: "string" } }, strict: true });
  if (!values.panel || !values.token) throw new JoinError(`join needs --panel and --token (${usage})`);
  if (process.env.BERTH_AGENT_SECRET) throw new JoinError("unset BERTH_AGENT_SECRET: a joined agent keeps the secret it makes in its data folder");
  await prepare();
  const config = loadAgentConfig();
  const agentUrl = values.advertise ?? `https://${config.listen.host.includes(":") ? `[${config.listen.host}]` : config.listen.host}:${config.listen.port}`;
  const name = await joinPanel(config, { panelUrl: values.panel, token: values.token, agentUrl });
  console.log(`joined the panel as host ${name}; it reaches this agent at ${agentUrl}. Start it with: serve`);
}

async function serve(): Promise<void> {
  await prepare();
  // Load again: prepare may just have created the secret file.
  const config = loadAgentConfig();
  const log = stdoutLogger(config.logLevel);
  const server = await startAgentServer({ config, log, autostartConcurrency: 4, usageSweepIntervalMs: 15_000 });
  log({ event: "listening", url: server.url, bridge: config.bridge, pool: config.poolDir });
  const stopSupervising = superviseLxcfs(30_000, (message) => log({ event: "lxcfs", message }));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log({ event: "closing", signal });
    stopSupervising();
    // Containers keep running: they belong to LXC, not to the agent process.
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log({ event: "closing", error: error instanceof Error ? error.message : String(error) });
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
  if (command === "join") return join(process.argv.slice(3));
  console.error(usage);
  process.exit(2);
}

main().catch((error: unknown) => {
  if (error instanceof AgentConfigError) console.error(`berth agent: bad configuration: ${error.message}`);
  else if (error instanceof JoinError) console.error(`berth agent: ${error.message}`);
  else if (error instanceof CommandError) console.error(`berth agent: ${error.message}`);
  else console.error("berth agent failed:", error instanceof Error ? error.message : error);
  if (process.getuid?.() !== 0) console.error("(the agent must run as root)");
  process.exit(1);
});
