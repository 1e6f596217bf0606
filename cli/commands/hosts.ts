import { createHost } from "../../lib/hosts/create-host";
import { listHosts } from "../../lib/hosts/list-hosts";
import { removeHost } from "../../lib/hosts/remove-host";
import { updateHost, type TUpdateHost } from "../../lib/hosts/update-host";
import { loadSettings, panelBaseUrl } from "../../lib/settings";
import { cliActor } from "../cli-actor";
import { withDatabase } from "../open-database";
import { formatDate, printRows } from "../output";
import { parseFlags } from "../parse-flags";
import { UsageError } from "../usage-error";

function hostName(command: string, positionals: string[]): string {
  const [name] = positionals;
  if (!name) throw new UsageError(`"berth hosts ${command}" needs the host's name`);
  return name;
}

function ratioFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ratio = Number(value);
  if (!Number.isFinite(ratio)) throw new UsageError(`--${flag} must be a number such as 1.5 (got "${value}")`);
  return ratio;
}

async function addCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("hosts add", args, { "vcpu-overcommit": { type: "string" }, "memory-overcommit": { type: "string" } }, 1);
  const input = {
    name: hostName("add", positionals),
    vcpuOvercommit: ratioFlag(values["vcpu-overcommit"], "vcpu-overcommit"),
    memoryOvercommit: ratioFlag(values["memory-overcommit"], "memory-overcommit"),
  };
  const created = await withDatabase(async (database) => createHost({ database, actor: await cliActor(database, undefined), panelUrl: panelBaseUrl(loadSettings()), input }));
  console.log(`Host ${created.host.name} is waiting for its agent. On that host, as root, from Berth's folder, run once (before ${formatDate(created.joinTokenExpiresAt)}):\n`);
  console.log(`  ${created.joinCommand}\n`);
  console.log("with ADDRESS:7070 where the panel and worker reach its agent (serve listens on BERTH_AGENT_LISTEN), then start the agent with serve.");
  console.log("The token is shown only now; berth hosts add with the same name again makes a new one.");
  return 0;
}

async function listCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("hosts list", args, { json: { type: "boolean", default: false } });
  const hosts = await withDatabase(async (database) => listHosts({ database, actor: await cliActor(database, undefined) }));
  printRows(hosts, [
    { header: "NAME", value: (host) => host.name },
    { header: "STATE", value: (host) => [host.state, host.draining ? "draining" : null, host.maintenance ? "maintenance" : null].filter(Boolean).join(",") },
    { header: "HEALTH", value: (host) => (host.state === "active" ? host.health : null) },
    { header: "LAST SEEN", value: (host) => formatDate(host.lastSeenAt ? new Date(host.lastSeenAt) : null) },
    { header: "AGENT", value: (host) => host.agentUrl },
    { header: "CPU", value: (host) => `${host.capacity.vcpus} x${host.overcommit.vcpu}` },
    { header: "MEMORY", value: (host) => `${host.capacity.memoryMb} MiB x${host.overcommit.memory}` },
    { header: "DISK", value: (host) => `${host.capacity.diskMb} MiB` },
    { header: "SERVERS", value: (host) => host.servers },
  ], { json: values.json, emptyMessage: 'No hosts; add one with "berth hosts add NAME".' });
  return 0;
}

/** drain, undrain and maintenance: one change through updateHost, then the host's new state. */
function updateCommand(command: string, change: (values: Record<string, string | boolean | undefined>) => Omit<TUpdateHost, "host">, flags = {}) {
  return async (args: string[]): Promise<number> => {
    const { values, positionals } = parseFlags(`hosts ${command}`, args, flags, 1);
    const input = { host: hostName(command, positionals), ...change(values) };
    const host = await withDatabase(async (database) => updateHost({ database, actor: await cliActor(database, undefined), input }));
    const state = [host.draining ? "draining" : "not draining", host.maintenanceNotice ? `in maintenance: ${host.maintenanceNotice}` : "not in maintenance"];
    console.log(`Host ${host.name}: ${state.join("; ")}`);
    return 0;
  };
}

async function removeCommand(args: string[]): Promise<number> {
  const { positionals } = parseFlags("hosts remove", args, {}, 1);
  const removed = await withDatabase(async (database) => removeHost({ database, actor: await cliActor(database, undefined), host: hostName("remove", positionals) }));
  console.log(`Removed host ${removed.name}. Stop its agent and run teardown there if the machine goes.`);
  return 0;
}

export const hostsCommands = {
  add: addCommand,
  list: listCommand,
  drain: updateCommand("drain", () => ({ draining: true })),
  undrain: updateCommand("undrain", () => ({ draining: false })),
  maintenance: updateCommand(
    "maintenance",
    (values) => {
      if (values.off === true) return { maintenanceNotice: null };
      if (typeof values.notice !== "string") throw new UsageError('"berth hosts maintenance" needs --notice TEXT or --off');
      return { maintenanceNotice: values.notice };
    },
    { notice: { type: "string" }, off: { type: "boolean", default: false } },
  ),
  remove: removeCommand,
};
