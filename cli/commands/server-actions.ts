import { serverActionCatalogue } from "../../lib/action-catalogue/catalogue";
import type { ServerActionDefinition } from "../../lib/action-catalogue/define-server-action";
import { requestServerAction } from "../../lib/action-catalogue/request-server-action";
import { createJobQueue } from "../../lib/jobs/queue";
import { loadSettings } from "../../lib/settings";
import { cliActor } from "../cli-actor";
import { followJob } from "../follow-job";
import { withDatabase } from "../open-database";
import { parseFlags } from "../parse-flags";
import { UsageError } from "../usage-error";

/** `berth servers <action> SERVER_ID [--<field> VALUE ...] [--as EMAIL] [--wait]`, for one catalogue entry. */
function serverActionCommand(entry: ServerActionDefinition) {
  const fields = Object.keys(entry.input.shape);
  return async (args: string[]): Promise<number> => {
    const command = `servers ${entry.type}`;
    const { values, positionals } = parseFlags(
      command,
      args,
      {
        as: { type: "string" },
        wait: { type: "boolean", default: false },
        ...(entry.panel.confirm?.typeHostname ? { confirm: { type: "string" } } : {}),
        ...Object.fromEntries(fields.map((field) => [field, { type: "string" as const }])),
      },
      1,
    );
    const serverId = positionals[0];
    if (!serverId) throw new UsageError(`"berth ${command}" needs the server's id (see "berth servers list")`);
    const given = values as Record<string, unknown>;
    const input = { type: entry.type, ...Object.fromEntries(fields.flatMap((field) => (given[field] === undefined ? [] : [[field, given[field]]]))) };

    return withDatabase(async (database) => {
      if (entry.panel.confirm?.typeHostname) {
        const server = await database.server.findUnique({ where: { id: serverId }, select: { hostname: true } });
        if (server && values.confirm !== server.hostname) {
          throw new UsageError(`"berth ${command}" cannot be undone: repeat the server's hostname as --confirm ${server.hostname}`);
        }
      }
      const actor = await cliActor(database, values.as as string | undefined);
      const queue = createJobQueue(loadSettings().redisUrl);
      try {
        const job = await requestServerAction({ database, queue, actor, serverId, input });
        console.log(`${entry.labels.name} of server ${serverId} accepted: job ${job.id}`);
        if (!values.wait) return 0;
        const finished = await followJob(database, job.id);
        if (finished.state === "failed") {
          console.error(`berth: ${entry.labels.name} failed: ${finished.error ?? "no reason recorded"}`);
          return 1;
        }
        const server = await database.server.findUniqueOrThrow({ where: { id: serverId } });
        console.log(`${entry.labels.done}; the server is ${server.status}`);
        return 0;
      } finally {
        await queue.close();
      }
    });
  };
}

/** One command per catalogue action: `berth servers start ID`, `berth servers rescue ID`, ... */
export const serverActionCommands = Object.fromEntries(
  (serverActionCatalogue as readonly ServerActionDefinition[]).map((entry) => [entry.type, serverActionCommand(entry)]),
);

/** The usage lines of those commands, from the catalogue. */
export function serverActionUsage(): string {
  return (serverActionCatalogue as readonly ServerActionDefinition[])
    .map((entry) => {
      const flags = [
        ...Object.entries(entry.input.shape).map(([field, schema]) =>
          (schema as { isOptional(): boolean }).isOptional() ? `[--${field} ${field.toUpperCase()}]` : `--${field} ${field.toUpperCase()}`,
        ),
        ...(entry.panel.confirm?.typeHostname ? ["--confirm HOSTNAME"] : []),
      ].join(" ");
      return `  berth servers ${entry.type} ID ${flags}`.trimEnd() + `\n      ${entry.labels.description}`;
    })
    .join("\n");
}
