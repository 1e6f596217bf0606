import { z } from "zod";
import { accountLinkLifetimeSeconds } from "../account-links/account-link-purposes";
import { ZLoginLinkInput } from "../account-links/create-login-link";
import { ZOrderInput } from "../orders/create-order";
import { serverActionCatalogue, ZServerActionApiInput } from "../action-catalogue/catalogue";
import type { ServerActionDefinition } from "../action-catalogue/define-server-action";
import { apiTokenLimit } from "../tokens/api-tokens";
import { defaultPageLimit, maxPageLimit } from "../pagination/read-page";
import { buildableImages, importSuffixes, ZImageBuildInput, ZImageImportInput } from "../images/image-fields";
import { ZAuditEventResource, ZCustomerResource, ZErrorResource, ZImageVersionResource, ZIpPoolResource, ZJobResource, ZNextCursor, ZPlanResource, ZServerResource, ZTemplateResource } from "./resources";
import { firewallPresets, maximumFirewallRules, ZFirewallInput } from "../firewall/firewall-fields";
import { ZFirewallResource } from "../firewall/server-firewall";
import { ZCreateHost } from "../hosts/create-host";
import { ZHostResource } from "../hosts/host-resource";
import { ZHostPatch } from "../hosts/update-host";
import { ZAddressRangeInput } from "../network/ip-pools/add-address-range";
import { ZIpPoolSettings } from "../network/ip-pools/update-ip-pool";
import { ZPortForwardsInput, ZPortForwardsResource } from "../port-forwards/port-forwards";
import { ZMetricsResource } from "../usage/read-metrics";
import { ZPlanAvailabilityResource } from "../placement/plan-availability";
import { ZMonthlyUsageResource } from "../usage/read-monthly-usage";
import { deliveryListLimit } from "../webhooks/list-webhook-deliveries";
import { webhookLimit, ZWebhookInput } from "../webhooks/webhook-fields";
import { ZWebhookDeliveryResource, ZWebhookResource } from "../webhooks/webhook-resources";

// Built from the same zod schemas that validate requests and shape responses, so the document
// and the API cannot drift apart.
const schema = (zodSchema: z.ZodType, io: "input" | "output" = "output") => z.toJSONSchema(zodSchema, { io, unrepresentable: "any" });

const json = (zodSchema: z.ZodType, description: string, io: "input" | "output" = "output") => ({
  description,
  content: { "application/json": { schema: schema(zodSchema, io) } },
});

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]));

const errorDescriptions: Record<number, string> = {
  400: "Malformed request; the message names the bad field",
  401: "Missing, invalid, expired or revoked token",
  403: "Not allowed for this caller (also `token_read_only`, `token_source_refused`, `token_server_limited`: see bearerAuth)",
  404: "No such thing, or not yours",
  409: "Conflicts with the current state",
  413: "The body is larger than 1 MiB (`payload_too_large`)",
  422: "Refers to something that does not exist (plan, template, host, an image the agents cannot build)",
  429: "Rate limited; see Retry-After",
};

// What a token may do, from lib/tokens/authorize-api-token-request.ts.
const bearerAuthDescription = [
  "An API token from the panel (Settings → API tokens) or `berth token create`. A token acts as its owner, within its limits:",
  `- scope \`full\` (default) may do all its owner may; scope \`read\` may only GET (anything else: 403 \`token_read_only\`);`,
  "- limited to named servers, it sees and acts on only those (the owner's others answer 404 as if absent) and may not order servers (403 `token_server_limited`);",
  "- limited to source ranges (IPv4/IPv6 CIDRs), a call from elsewhere is 403 `token_source_refused`;",
  "- past its expiry it is 401, like a revoked token.",
  `A user may have ${apiTokenLimit} active tokens.`,
].join("\n");

const idParameter = (description: string) => ({ name: "id", in: "path", required: true, description, schema: { type: "string" } });

// Every list is paged the same way (lib/pagination/read-page.ts): newest first, `?limit=&cursor=`.
const pageParameters = [
  { name: "limit", in: "query", required: false, description: "rows per page", schema: { type: "integer", minimum: 1, maximum: maxPageLimit, default: defaultPageLimit } },
  { name: "cursor", in: "query", required: false, description: "the nextCursor of the previous page (opaque)", schema: { type: "string" } },
];

/** A paged list's answer: the rows under `key` and the next page's cursor. */
const pageOf = (key: string, row: z.ZodType, description: string) => json(z.object({ [key]: z.array(row), nextCursor: ZNextCursor }), description);

/** Each action the actions route takes, with who may ask for it, from the catalogue. */
function actionsDescription(): string {
  return (serverActionCatalogue as readonly ServerActionDefinition[])
    .filter((entry) => !entry.ownRestRoute)
    .map((entry) => `- \`${entry.type}\` (${entry.requesters.join(", ")}): ${entry.labels.description}`)
    .join("\n");
}

export function openApiDocument() {
  const jobAccepted = json(z.object({ job: ZJobResource }), "Accepted; follow the job at /api/v1/jobs/{id}");
  return {
    openapi: "3.1.0",
    info: {
      title: "Berth API",
      version: "1",
      description: "Manage container VPS. Authenticate with `Authorization: Bearer <token>` (tokens are created in the panel or with `berth token create`).",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: bearerAuthDescription } },
      responses: Object.fromEntries(
        Object.entries(errorDescriptions).map(([status, description]) => [`Error${status}`, json(ZErrorResource, description)]),
      ),
    },
    paths: {
      "/plans": { get: { summary: "List plans", responses: { "200": json(z.object({ plans: z.array(ZPlanResource) }), "Active plans"), ...errors(401, 429) } } },
      "/plans/{slug}/availability": {
        parameters: [{ name: "slug", in: "path", required: true, description: "plan slug", schema: { type: "string" } }],
        get: {
          summary: "How many more servers of a plan can be placed now (admins; resellers for the plans they offer)",
          description: "Counted by placement's own rules: hosts that are active, not draining, not in maintenance, up and in the plan's host group; room is capacity × overcommit (disk never overcommitted) minus the placed servers' plans; each server also needs a free IPv4 and IPv6 address of the plan's mode on the host. Anti-affinity labels are not counted. An unknown, inactive or (for resellers) unoffered plan is 404.",
          responses: { "200": json(ZPlanAvailabilityResource, "The plan's stock"), ...errors(401, 403, 404, 429) },
        },
      },
      "/templates": {
        get: { summary: "List templates", responses: { "200": json(z.object({ templates: z.array(ZTemplateResource) }), "Active templates"), ...errors(401, 429) } },
      },
      "/servers": {
        get: {
          summary: "List your servers, newest first",
          parameters: [
            ...pageParameters,
            { name: "serviceId", in: "query", required: false, description: "only the servers your own billing system ordered under this service id", schema: { type: "string" } },
          ],
          responses: { "200": pageOf("servers", ZServerResource, "One page of servers"), ...errors(400, 401, 429) },
        },
        post: {
          summary: "Order a server",
          requestBody: {
            required: true,
            ...json(
              ZOrderInput,
              "plan and template slugs, a hostname (RFC 1123 label); optionally ids of your saved SSH keys, root's password (12-128 characters) and a first-boot script (userData, at most 64 KiB)",
              "input",
            ),
          },
          responses: {
            "202": json(
              z.object({ server: ZServerResource, job: ZJobResource, rootPassword: z.string().optional().describe("only when none was given: the generated password, shown this once") }),
              "Accepted: the pending server and its provisioning job",
            ), ...errors(400, 401, 403, 409, 413, 422, 429) },
        },
      },
      "/servers/{id}": {
        parameters: [idParameter("server id")],
        get: { summary: "Get a server", responses: { "200": json(z.object({ server: ZServerResource }), "The server"), ...errors(401, 404, 429) } },
        delete: { summary: "Terminate a server (irreversible, safe to repeat)", responses: { "202": jobAccepted, ...errors(401, 404, 409, 429) } },
      },
      "/servers/{id}/actions": {
        parameters: [idParameter("server id")],
        post: {
          summary: "Run an action on a server (one at a time per server)",
          description: `Accepted actions:\n${actionsDescription()}`,
          requestBody: { required: true, ...json(ZServerActionApiInput, "The action and its fields", "input") },
          responses: { "202": jobAccepted, ...errors(400, 401, 403, 404, 409, 413, 422, 429) },
        },
      },
      "/servers/{id}/firewall": {
        parameters: [idParameter("server id")],
        get: { summary: "The server's firewall", responses: { "200": json(z.object({ firewall: ZFirewallResource }), "Its rule set and whether the host has applied it"), ...errors(401, 404, 429) } },
        put: {
          summary: "Replace the server's whole firewall (applied live, in one transaction on its host)",
          description: `Either \`{"defaultInbound", "rules"}\` (at most ${maximumFirewallRules} rules, checked in order, the first that matches decides; replies to the server's own connections always pass) or \`{"preset"}\`, one of ${Object.entries(firewallPresets).map(([key, preset]) => `\`${key}\` (${preset.name})`).join(", ")}. A bad rule is 400 naming it, and nothing changes.`,
          requestBody: { required: true, ...json(ZFirewallInput, "the rule set, or a preset", "input") },
          responses: { "202": json(z.object({ firewall: ZFirewallResource, job: ZJobResource }), "Accepted: the new version, and the job that applies it"), ...errors(400, 401, 403, 404, 409, 413, 429) },
        },
      },
      "/servers/{id}/usage": {
        parameters: [idParameter("server id"), { name: "month", in: "query", required: false, description: "a calendar month (UTC), e.g. 2026-11; default: this month", schema: { type: "string" } }],
        get: { summary: "The server's transfer and CPU time in a month, with its allowance", responses: { "200": json(z.object({ usage: ZMonthlyUsageResource }), "The month's figures"), ...errors(400, 401, 404, 429) } },
      },
      "/servers/{id}/metrics": {
        parameters: [idParameter("server id"), { name: "period", in: "query", required: false, description: "1h, 24h (default), 7d or 30d", schema: { type: "string", enum: ["1h", "24h", "7d", "30d"] } }],
        get: { summary: "The server's graph data: CPU, memory, disk, disk I/O and network", responses: { "200": json(z.object({ metrics: ZMetricsResource }), "Minute buckets for 1h and 24h, hour buckets for 7d and 30d"), ...errors(400, 401, 404, 429) } },
      },
      "/servers/{id}/port-forwards": {
        parameters: [idParameter("server id")],
        get: { summary: "The ports of the host forwarded to this (NAT) server", responses: { "200": json(ZPortForwardsResource, "Its forwards"), ...errors(401, 404, 429) } },
        put: {
          summary: "Replace a NAT server's port forwards (admins)",
          requestBody: { required: true, ...json(ZPortForwardsInput, "every forward the server should have", "input") },
          responses: { "202": json(ZPortForwardsResource.extend({ job: ZJobResource }), "Accepted: the forwards, and the job giving the host its network"), ...errors(400, 401, 403, 404, 409, 413, 429) },
        },
      },
      "/hosts": {
        get: { summary: "List the hosts, pending ones too (admins)", responses: { "200": json(z.object({ hosts: z.array(ZHostResource) }), "Every host with its health as the heartbeats last saw it"), ...errors(401, 403, 404, 429) } },
        post: {
          summary: "Add a host waiting for its agent to join (admins); answers the one-time join command",
          description: "The join token is valid for one hour and shown only in this answer. Adding a name still waiting again issues a new token; a joined name is 409 host_exists.",
          requestBody: { required: true, ...json(ZCreateHost, "its name and, optionally, overcommit ratios (1 to 16)", "input") },
          responses: {
            "201": json(z.object({ host: ZHostResource, joinToken: z.string(), joinTokenExpiresAt: z.string().describe("ISO 8601"), joinCommand: z.string() }), "The pending host and its join command"),
            ...errors(400, 401, 403, 404, 409, 413, 429),
          },
        },
      },
      "/hosts/{id}": {
        parameters: [idParameter("host id or name")],
        get: { summary: "One host (admins)", responses: { "200": json(z.object({ host: ZHostResource }), "The host"), ...errors(401, 403, 404, 429) } },
        patch: {
          summary: "Drain or undrain a host, set or end its maintenance notice, change its overcommit or host group (admins); fields left out stay",
          requestBody: { required: true, ...json(ZHostPatch, "maintenanceNotice null ends maintenance; hostGroup null takes it out of its group", "input") },
          responses: { "200": json(z.object({ host: ZHostResource }), "The host"), ...errors(400, 401, 403, 404, 413, 422, 429) },
        },
        delete: {
          summary: "Remove a host (admins): only once none of its servers is left but terminated or failed ones, and no address pool is on it",
          responses: { "200": json(z.object({ deleted: z.string() }), "Its id"), ...errors(401, 403, 404, 409, 429) },
        },
      },
      "/ip-pools": {
        get: { summary: "List the address pools (admins)", responses: { "200": json(z.object({ pools: z.array(ZIpPoolResource) }), "Every pool with its settings and use"), ...errors(401, 403, 429) } },
      },
      "/ip-pools/ranges": {
        post: {
          summary: "Add a range of addresses (or IPv6 prefixes) to a pool, creating it on a host (admins; idempotent)",
          requestBody: { required: true, ...json(ZAddressRangeInput, "the pool, its network and gateway, and the range", "input") },
          responses: { "201": json(z.object({ pool: ZIpPoolResource, added: z.number().int(), skipped: z.number().int() }), "The pool"), ...errors(400, 401, 403, 409, 413, 422, 429) },
        },
      },
      "/ip-pools/{id}": {
        parameters: [idParameter("pool id")],
        patch: {
          summary: "Change a pool's settings (admins); fields left out stay",
          requestBody: { required: true, ...json(ZIpPoolSettings.omit({ poolId: true }), "host and gateway only while none of its addresses is assigned", "input") },
          responses: { "200": json(z.object({ pool: ZIpPoolResource }), "The pool"), ...errors(400, 401, 403, 404, 409, 413, 422, 429) },
        },
      },
      "/jobs": {
        get: { summary: "List the jobs on your servers, newest first", parameters: pageParameters, responses: { "200": pageOf("jobs", ZJobResource, "One page of jobs"), ...errors(400, 401, 429) } },
      },
      "/customers": {
        get: {
          summary: "List the customers you manage, newest first (admins and resellers)",
          parameters: [...pageParameters, { name: "email", in: "query", required: false, description: "only the customer with this email", schema: { type: "string" } }],
          responses: { "200": pageOf("customers", ZCustomerResource, "One page of customers"), ...errors(400, 401, 403, 429) },
        },
      },
      "/customers/{id}/login-links": {
        parameters: [idParameter("customer id")],
        post: {
          summary: "Make a one-time sign-in URL for a customer you manage (a billing system's single sign-on)",
          description: `Valid for ${accountLinkLifetimeSeconds.login} seconds, once; with \`serverId\` it opens that server's page. The customer's second factor is still asked for. Audited as \`customer.login_link\`.`,
          requestBody: { required: false, ...json(ZLoginLinkInput, "optionally one of the customer's servers to open", "input") },
          responses: {
            "201": json(z.object({ loginLink: z.object({ url: z.string(), expiresAt: z.string().describe("ISO 8601"), serverId: z.string().nullable() }) }), "The one-time URL"),
            ...errors(400, 401, 403, 404, 409, 413, 429),
          },
        },
      },
      "/audit": {
        get: {
          summary: "List the audit events you may read, newest first",
          description: "An admin reads every event; a reseller those about its own and its customers' things and those it did; a customer those about its things and those it did.",
          parameters: pageParameters,
          responses: { "200": pageOf("events", ZAuditEventResource, "One page of audit events"), ...errors(400, 401, 429) },
        },
      },
      "/images": {
        get: {
          summary: "List the image versions on every host (admins)",
          responses: { "200": json(z.object({ images: z.array(ZImageVersionResource) }), "Image versions by host, name and version"), ...errors(401, 403, 429) },
        },
      },
      "/images/builds": {
        post: {
          summary: "Build one of the agents' own images on a host (admins)",
          description: `Buildable: ${buildableImages.join(", ")}. \`host\` (a host's name) is needed when there are several. When the build ends, the host's versions are recorded and, if no template orders the image yet, an active one is created.`,
          requestBody: { required: true, ...json(ZImageBuildInput, "the image and, with several hosts, the host", "input") },
          responses: { "202": jobAccepted, ...errors(400, 401, 403, 409, 413, 422, 429) },
        },
      },
      "/images/imports": {
        post: {
          summary: "Import a root file system tarball on a host as an image (admins)",
          description: `\`path\` is an absolute path on the host, ending ${importSuffixes.join(", ")}. The agent refuses tarballs with device files, links out of the tree and the like; the job then fails with its reason.`,
          requestBody: { required: true, ...json(ZImageImportInput, "the image's name, the tarball's path on the host and, with several hosts, the host", "input") },
          responses: { "202": jobAccepted, ...errors(400, 401, 403, 409, 413, 422, 429) },
        },
      },
      "/webhooks": {
        get: {
          summary: "List your outgoing webhook endpoints (admins: every admin's; resellers: their own)",
          responses: { "200": json(z.object({ webhooks: z.array(ZWebhookResource) }), "The endpoints, newest first"), ...errors(401, 403, 429) },
        },
        post: {
          summary: "Register an endpoint for server events (admins and resellers)",
          description: `Events are POSTed as JSON with \`Berth-Signature\` (as billing webhooks sign theirs), \`Berth-Event\` and \`Berth-Delivery\`, and retried until a 2xx answer. Resellers' endpoints hear of their customers' servers and may reach only public addresses. At most ${webhookLimit} endpoints per owner (409 \`webhook_limit\`).`,
          requestBody: { required: true, ...json(ZWebhookInput, "an http(s) URL and at least one event type", "input") },
          responses: { "201": json(z.object({ webhook: ZWebhookResource, secret: z.string().describe("the signing secret, shown this once") }), "The endpoint and its signing secret"), ...errors(400, 401, 403, 409, 413, 429) },
        },
      },
      "/webhooks/{id}": {
        parameters: [idParameter("webhook id")],
        delete: { summary: "Delete an endpoint and its deliveries", responses: { "200": json(z.object({ deleted: z.string() }), "Deleted"), ...errors(401, 403, 404, 429) } },
      },
      "/webhooks/{id}/deliveries": {
        parameters: [idParameter("webhook id")],
        get: {
          summary: `The endpoint's newest deliveries (at most ${deliveryListLimit}), newest first`,
          responses: { "200": json(z.object({ deliveries: z.array(ZWebhookDeliveryResource) }), "Each with its last answer"), ...errors(401, 403, 404, 429) },
        },
      },
      "/webhook-deliveries/{id}/redeliveries": {
        parameters: [idParameter("delivery id")],
        post: {
          summary: "Send a delivery again, with a fresh retry schedule",
          responses: { "202": json(z.object({ delivery: ZWebhookDeliveryResource }), "Accepted: pending, due now"), ...errors(401, 403, 404, 409, 429) },
        },
      },
      "/jobs/{id}": {
        parameters: [idParameter("job id")],
        get: { summary: "Follow a job (yours, or for admins also image jobs)", responses: { "200": json(z.object({ job: ZJobResource }), "The job"), ...errors(401, 404, 429) } },
      },
    },
  };
}
