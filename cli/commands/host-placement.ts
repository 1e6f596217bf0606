import { effectiveCapacity } from "../../lib/placement/host-room";
import { AppError } from "../../lib/errors";
import { updateHostPlacement } from "../../lib/hosts/update-host-placement";
import { cliActor } from "../cli-actor";
import { withDatabase } from "../open-database";
import { parseFlags } from "../parse-flags";
import { UsageError } from "../usage-error";

/** A ratio flag as a number; what is not a number reaches the domain as NaN and is refused naming the field. */
const ratioFlag = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** berth hosts set NAME [--vcpu-overcommit R] [--memory-overcommit R] [--group G | --no-group] */
async function setCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    "hosts set",
    args,
    { "vcpu-overcommit": { type: "string" }, "memory-overcommit": { type: "string" }, group: { type: "string" }, "no-group": { type: "boolean", default: false } },
    1,
  );
  const [name] = positionals;
  if (!name) throw new UsageError('"berth hosts set" needs the host\'s name');
  if (values.group !== undefined && values["no-group"]) throw new UsageError("--group and --no-group cannot be given together");
  const input = {
    vcpuOvercommit: ratioFlag(values["vcpu-overcommit"]),
    memoryOvercommit: ratioFlag(values["memory-overcommit"]),
    hostGroup: values["no-group"] ? null : values.group,
  };
  if (Object.values(input).every((value) => value === undefined)) throw new UsageError('"berth hosts set" needs at least one of --vcpu-overcommit, --memory-overcommit, --group, --no-group');
  const host = await withDatabase(async (database) => {
    const found = await database.host.findUnique({ where: { name }, select: { id: true } });
    if (!found) throw new AppError("not_found", 404, `No host is called "${name}"`);
    return updateHostPlacement({ database, actor: await cliActor(database, undefined), hostId: found.id, input });
  });
  const capacity = effectiveCapacity(host);
  console.log(
    `Host ${host.name}: vCPU ${host.vcpuCapacity} × ${host.vcpuOvercommit} = ${capacity.vcpus}, memory ${host.memoryMbCapacity} MiB × ${host.memoryOvercommit} = ${capacity.memoryMb} MiB, group ${host.hostGroup?.name ?? "(none)"}`,
  );
  return 0;
}

export const hostPlacementCommands = { set: setCommand };
