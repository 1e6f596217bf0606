import { serverStatuses } from "../../lib/domain/statuses";
import { withDatabase } from "../open-database";
import { printRows } from "../output";
import { choiceFlag, parseFlags } from "../parse-flags";
import { serverActionCommands } from "./server-actions";

async function listServersCommand(args: string[]): Promise<number> {
  const { values } = parseFlags("servers list", args, { json: { type: "boolean", default: false }, status: { type: "string" } });
  const status = choiceFlag(values.status, "status", serverStatuses);
  const servers = await withDatabase((database) =>
    database.server.findMany({
      where: status ? { status } : {},
      orderBy: { createdAt: "asc" },
      include: {
        owner: { select: { email: true } },
        plan: { select: { slug: true } },
        host: { select: { name: true } },
        addresses: { select: { address: true, pool: { select: { family: true } } } },
      },
    }),
  );
  const rows = servers.map((server) => ({
    id: server.id,
    hostname: server.hostname,
    status: server.status,
    ownerEmail: server.owner.email,
    planSlug: server.plan.slug,
    ipv4: server.addresses.find((address) => address.pool.family === 4)?.address ?? null,
    ipv6: server.addresses.find((address) => address.pool.family === 6)?.address ?? null,
    hostName: server.host?.name ?? null,
    containerName: server.containerName,
  }));
  printRows(rows, [
    { header: "ID", value: (row) => row.id },
    { header: "HOSTNAME", value: (row) => row.hostname },
    { header: "STATUS", value: (row) => row.status },
    { header: "OWNER", value: (row) => row.ownerEmail },
    { header: "PLAN", value: (row) => row.planSlug },
    { header: "IPV4", value: (row) => row.ipv4 },
    { header: "IPV6", value: (row) => row.ipv6 },
    { header: "HOST", value: (row) => row.hostName },
    { header: "CONTAINER", value: (row) => row.containerName },
  ], { json: values.json, emptyMessage: status ? `No ${status} servers.` : "No servers." });
  return 0;
}

export const serversCommands = { list: listServersCommand, ...serverActionCommands };
