import { placementPolicies } from "../../lib/host-groups/host-group-fields";
import { createHostGroup } from "../../lib/host-groups/create-host-group";
import { deleteHostGroup } from "../../lib/host-groups/delete-host-group";
import { listHostGroups } from "../../lib/host-groups/list-host-groups";
import { updateHostGroup } from "../../lib/host-groups/update-host-group";
import { cliActor } from "../cli-actor";
import { withDatabase } from "../open-database";
import { printRows } from "../output";
import { choiceFlag, parseFlags } from "../parse-flags";
import { UsageError } from "../usage-error";

const policyFlag = { policy: { type: "string" } } as const;

function groupName(command: string, positionals: string[]): string {
  const [name] = positionals;
  if (!name) throw new UsageError(`"berth host-groups ${command}" needs the group's name`);
  return name;
}

async function addCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("host-groups add", args, policyFlag, 1);
  const name = groupName("add", positionals);
  const placementPolicy = choiceFlag(values.policy, "policy", placementPolicies);
  const group = await withDatabase(async (database) => createHostGroup({ database, actor: await cliActor(database, undefined), input: { name, placementPolicy } }));
  console.log(`Host group ${group.name} created (${group.placementPolicy}); put hosts in it with "berth hosts set HOST --group ${group.name}"`);
  return 0;
}

async function listCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("host-groups list", args, { json: { type: "boolean", default: false } });
  const groups = await withDatabase(async (database) => listHostGroups({ database, actor: await cliActor(database, undefined) }));
  printRows(
    groups.map((group) => ({ name: group.name, placementPolicy: group.placementPolicy, hosts: group.hosts, plans: group.plans })),
    [
      { header: "NAME", value: (row) => row.name },
      { header: "POLICY", value: (row) => row.placementPolicy },
      { header: "HOSTS", value: (row) => row.hosts },
      { header: "PLANS", value: (row) => row.plans },
    ],
    { json: values.json, emptyMessage: 'No host groups; add one with "berth host-groups add NAME --policy spread|pack".' },
  );
  return 0;
}

async function setCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("host-groups set", args, { ...policyFlag, name: { type: "string" } }, 1);
  const name = groupName("set", positionals);
  const input = { name: values.name, placementPolicy: choiceFlag(values.policy, "policy", placementPolicies) };
  if (input.name === undefined && input.placementPolicy === undefined) throw new UsageError('"berth host-groups set" needs --name NEW_NAME or --policy spread|pack');
  const group = await withDatabase(async (database) => updateHostGroup({ database, actor: await cliActor(database, undefined), name, input }));
  console.log(`Host group ${group.name}: ${group.placementPolicy}`);
  return 0;
}

async function removeCommand(args: string[]): Promise<number> {
  const { positionals } = parseFlags("host-groups remove", args, {}, 1);
  const name = groupName("remove", positionals);
  const { deleted } = await withDatabase(async (database) => deleteHostGroup({ database, actor: await cliActor(database, undefined), name }));
  console.log(deleted ? `Host group ${name} deleted.` : `No host group is called ${name}; nothing to delete.`);
  return 0;
}

export const hostGroupCommands = { add: addCommand, list: listCommand, set: setCommand, remove: removeCommand };
