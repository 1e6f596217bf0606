import { z } from "zod";
import type { Actor } from "../access/actor";
import { jobStates, type ServerStatus } from "../domain/statuses";
import type { ImageVersionView } from "../images/list-image-versions";
import { jobErrorFor } from "../jobs/job-error-for";
import { serverAddresses } from "../network/server-addresses";
import { hostMaintenance, shownServerStatuses, shownStatus } from "../servers/shown-status";

// The REST API's response shapes. The OpenAPI document is generated from these same schemas.

export const ZPlanResource = z.object({
  slug: z.string(),
  name: z.string(),
  vcpus: z.number(),
  memoryMb: z.number().int(),
  swapMb: z.number().int(),
  diskMb: z.number().int(),
  processes: z.number().int(),
  ioReadMbps: z.number().int(),
  ioWriteMbps: z.number().int(),
  networkMbps: z.number().int(),
  monthlyPriceCents: z.number().int().nullable().describe("what the caller pays per month; null: its reseller has not priced this plan"),
  addressMode: z.enum(["nat", "routed"]).describe("nat: a private IPv4 behind the host's address; routed: a public one"),
  monthlyTransferGb: z.number().describe("monthly transfer allowance (received + sent) in GB of 10^9 bytes; 0: unlimited"),
  transferOverageAction: z.enum(["throttle", "suspend"]).describe("what happens once the allowance is used, until the month ends"),
  transferThrottleMbps: z.number().int().describe("the rate a throttled server gets"),
});

export const ZTemplateResource = z.object({ slug: z.string(), name: z.string() });

export const ZServerResource = z.object({
  id: z.string(),
  hostname: z.string(),
  status: z.enum(shownServerStatuses).describe("unknown: its host is down, so what it is doing cannot be known (the stored status shows again when the host is back)"),
  statusMessage: z.string().nullable(),
  hostMaintenance: z
    .object({ notice: z.string(), since: z.string().describe("ISO 8601") })
    .nullable()
    .describe("its host's maintenance notice while the host is in maintenance; null otherwise"),
  plan: z.string().describe("plan slug"),
  template: z.string().describe("template slug"),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  ipv6Prefix: z.string().nullable().describe("from a pool that hands out prefixes: the whole prefix routed to the server (ipv6 is its first address)"),
  image: z.string().nullable().describe("the image version its disk was made from, e.g. debian-12@20261130T070512Z"),
  hostKeys: z
    .array(z.object({ type: z.string(), fingerprint: z.string().describe("SHA256:...") }))
    .describe("fingerprints of the SSH host keys made at its first boot, to check the first login"),
  antiAffinityGroup: z.string().nullable().describe("the order's anti-affinity label: the owner's servers with the same one are on different hosts"),
  createdAt: z.string().describe("ISO 8601"),
  host: z.string().nullable().optional().describe("admins only"),
  containerName: z.string().optional().describe("admins only: the LXC name on its host"),
});

export const ZJobResource = z.object({
  id: z.string(),
  type: z.string(),
  state: z.enum(jobStates),
  progress: z.number().int().min(0).max(100),
  step: z.string().nullable(),
  error: z.string().nullable().describe("why it failed: for admins the detail, for others a plain reason and a reference"),
  serverId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const ZCustomerResource = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  reseller: z.string().nullable().optional().describe("admins only: the id of the customer's reseller (null: the platform's own)"),
  suspended: z.boolean(),
  createdAt: z.string().describe("ISO 8601"),
});

export const ZAuditEventResource = z.object({
  id: z.string(),
  action: z.string().describe("e.g. order.create, server.stop, server.stop.done"),
  result: z.enum(["success", "failure"]),
  actorType: z.string().describe("user, token, webhook, worker or system"),
  targetType: z.string(),
  targetId: z.string().nullable(),
  ipAddress: z.string().nullable().describe("only the caller's own, or any for admins"),
  createdAt: z.string().describe("ISO 8601"),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const ZImageVersionResource = z.object({
  host: z.string().describe("the host's name"),
  name: z.string().describe("the image's name, as templates name it (agentTemplate)"),
  version: z.string().describe("UTC build or import time, e.g. 20261130T070512Z; new servers get the newest"),
  osName: z.string().describe("the image's os-release PRETTY_NAME"),
  source: z.string().describe("builtin, debootstrap or import"),
  sizeBytes: z.number().int(),
  servers: z.number().int().describe("containers on the host made from this version"),
  templates: z.array(z.string()).describe("slugs of the templates that order this image"),
  createdAt: z.string().describe("ISO 8601: when it was built or imported"),
});

export const ZIpPoolResource = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string().nullable().describe("the host's name"),
  family: z.union([z.literal(4), z.literal(6)]),
  mode: z.enum(["nat", "routed"]),
  network: z.string(),
  gateway: z.string(),
  uplink: z.string().nullable().describe("the host interface towards the internet; null: the pool's servers stay on the bridge"),
  proxyNeighbour: z.boolean().describe("the host answers ARP / neighbour solicitations for the pool's servers on the uplink"),
  publicAddress: z.string().nullable().describe("NAT pools: the address servers appear as and port forwards answer on"),
  assignedPrefixLength: z.number().int().describe("IPv6: 128 = one address per server, else a prefix of this length per server"),
  resolvers: z.array(z.string()),
  total: z.number().int(),
  used: z.number().int(),
  free: z.number().int(),
});

/** Every paginated list answers its page and the cursor of the next one (null on the last). */
export const ZNextCursor = z.string().nullable().describe("pass as ?cursor= for the next page; null on the last page");

export const ZErrorResource = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// Plan rows hold their enumerations as plain strings (SQLite); parsing checks them.
type PlanRow = Record<keyof z.infer<typeof ZPlanResource>, unknown> & Record<string, unknown>;

export function planResource(plan: PlanRow): z.infer<typeof ZPlanResource> {
  return ZPlanResource.parse(plan);
}

export function templateResource(template: { slug: string; name: string }): z.infer<typeof ZTemplateResource> {
  return { slug: template.slug, name: template.name };
}

interface ServerRow {
  id: string;
  hostname: string;
  status: string;
  statusMessage: string | null;
  containerName: string;
  imageVersion: string | null;
  hostKeys: string | null;
  antiAffinityGroup: string | null;
  createdAt: Date;
  plan: { slug: string };
  template: { slug: string };
  host: { name: string; health: string; maintenanceNotice: string | null; maintenanceSince: Date | null } | null;
  addresses: Array<{ address: string; pool: { family: number } }>;
}

export function serverResource(server: ServerRow, actor: Actor): z.infer<typeof ZServerResource> {
  const resource: z.infer<typeof ZServerResource> = {
    id: server.id,
    hostname: server.hostname,
    status: shownStatus(server.status as ServerStatus, server.host),
    statusMessage: server.statusMessage,
    hostMaintenance: hostMaintenance(server.host),
    plan: server.plan.slug,
    template: server.template.slug,
    ...serverAddresses(server.addresses),
    image: server.imageVersion,
    hostKeys: server.hostKeys ? (JSON.parse(server.hostKeys) as Array<{ type: string; fingerprint: string }>) : [],
    antiAffinityGroup: server.antiAffinityGroup,
    createdAt: server.createdAt.toISOString(),
  };
  if (actor.role === "admin") {
    resource.host = server.host?.name ?? null;
    resource.containerName = server.containerName;
  }
  return resource;
}

/** A job as the API shows it; `error` is the detail for admins and the public text for everyone else. */
export function jobResource(
  job: {
    id: string;
    type: string;
    state: string;
    progress: number;
    step: string | null;
    error: string | null;
    publicError: string | null;
    serverId: string | null;
    createdAt: Date;
    finishedAt: Date | null;
  },
  actor: Pick<Actor, "role">,
): z.infer<typeof ZJobResource> {
  return {
    id: job.id,
    type: job.type,
    state: job.state as z.infer<typeof ZJobResource>["state"],
    progress: job.progress,
    step: job.step,
    error: jobErrorFor(job, actor),
    serverId: job.serverId,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export function customerResource(
  customer: { id: string; email: string; name: string; resellerId: string | null; suspendedAt: Date | null; createdAt: Date },
  actor: Actor,
): z.infer<typeof ZCustomerResource> {
  const resource: z.infer<typeof ZCustomerResource> = {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    suspended: customer.suspendedAt !== null,
    createdAt: customer.createdAt.toISOString(),
  };
  if (actor.role === "admin") resource.reseller = customer.resellerId;
  return resource;
}

export function auditEventResource(event: {
  id: string;
  action: string;
  result: string;
  actorType: string;
  targetType: string;
  targetId: string | null;
  ipAddress: string | null;
  createdAt: Date;
  details: Record<string, unknown> | null;
}): z.infer<typeof ZAuditEventResource> {
  return {
    id: event.id,
    action: event.action,
    result: event.result as z.infer<typeof ZAuditEventResource>["result"],
    actorType: event.actorType,
    targetType: event.targetType,
    targetId: event.targetId,
    ipAddress: event.ipAddress,
    createdAt: event.createdAt.toISOString(),
    details: event.details,
  };
}

export function ipPoolResource(pool: {
  id: string;
  name: string;
  host: { name: string } | null;
  family: number;
  mode: string;
  network: string;
  gateway: string;
  uplink: string | null;
  proxyNeighbour: boolean;
  publicAddress: string | null;
  assignedPrefixLength: number;
  resolvers: string;
  total: number;
  used: number;
  free: number;
}): z.infer<typeof ZIpPoolResource> {
  return ZIpPoolResource.parse({ ...pool, host: pool.host?.name ?? null, resolvers: pool.resolvers.split(",").filter(Boolean) });
}

export function imageVersionResource(version: ImageVersionView): z.infer<typeof ZImageVersionResource> {
  return {
    host: version.host,
    name: version.name,
    version: version.version,
    osName: version.osName,
    source: version.source,
    sizeBytes: version.sizeBytes,
    servers: version.containers,
    templates: version.templates,
    createdAt: version.createdAt.toISOString(),
  };
}
