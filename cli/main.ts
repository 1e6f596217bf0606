import { fileURLToPath } from "node:url";
import { billingCommands } from "./commands/billing";
import { hostsCommands } from "./commands/hosts";
import { hostGroupCommands } from "./commands/host-groups";
import { hostPlacementCommands } from "./commands/host-placement";
import { imagesCommands } from "./commands/images";
import { jobsCommands } from "./commands/jobs";
import { serversCommands } from "./commands/servers";
import { tokenCommands } from "./commands/token";
import { userCommands } from "./commands/user";
import { loadEnvironment } from "../lib/load-environment";
import { reportError } from "./report-error";
import { usage } from "./usage";
import { UsageError } from "./usage-error";

type Command = (args: string[]) => Promise<number>;

const commandGroups: Record<string, Record<string, Command>> = {
  user: userCommands,
  token: tokenCommands,
  servers: serversCommands,
  jobs: jobsCommands,
  billing: billingCommands,
  images: imagesCommands,
  hosts: { ...hostsCommands, ...hostPlacementCommands },
  "host-groups": hostGroupCommands,
};

const helpWords = new Set(["help", "--help", "-h"]);

/** Runs one command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [group, subcommand, ...args] = argv;
  if (group === undefined || helpWords.has(group)) {
    console.log(usage);
    return 0;
  }
  const commands = Object.hasOwn(commandGroups, group) ? commandGroups[group] : undefined;
  if (!commands) {
    console.error(`berth: unknown command "${group}"\n\n${usage}`);
    return 2;
  }
  if (subcommand !== undefined && helpWords.has(subcommand)) {
    console.log(usage);
    return 0;
  }
  try {
    const command = subcommand !== undefined && Object.hasOwn(commands, subcommand) ? commands[subcommand] : undefined;
    if (!command) {
      const known = Object.keys(commands).map((name) => `berth ${group} ${name}`).join(", ");
      throw new UsageError(subcommand === undefined ? `"berth ${group}" needs a subcommand: ${known}` : `unknown command "berth ${group} ${subcommand}"; try ${known}`);
    }
    loadEnvironment(process.env, fileURLToPath(new URL("..", import.meta.url)));
    return await command(args);
  } catch (error) {
    return reportError(error);
  }
}

// exitCode rather than exit(): lets stdout drain when it is a pipe.
process.exitCode = await main(process.argv.slice(2));
