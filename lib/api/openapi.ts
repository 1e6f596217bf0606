import { z } from "zod";
import { ZOrderInput } from "../orders/create-order";
import { serverActionCatalogue, ZServerActionApiInput } from "../action-catalogue/catalogue";
import type { ServerActionDefinition } from "../action-catalogue/define-server-action";
import { ZErrorResource, ZJobResource, ZPlanResource, ZServerResource, ZTemplateResource } from "./resources";

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
  401: "Missing, invalid or revoked token",
  403: "Not allowed for this caller",
  404: "No such thing, or not yours",
  409: "Conflicts with the current state",
  422: "Refers to something that does not exist (plan, template)",
  429: "Rate limited; see Retry-After",
};

const idParameter = (description: string) => ({ name: "id", in: "path", required: true, description, schema: { type: "string" } });

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
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      responses: Object.fromEntries(
        Object.entries(errorDescriptions).map(([status, description]) => [`Error${status}`, json(ZErrorResource, description)]),
      ),
    },
    paths: {
      "/plans": { get: { summary: "List plans", responses: { "200": json(z.object({ plans: z.array(ZPlanResource) }), "Active plans"), ...errors(401, 429) } } },
      "/templates": {
        get: { summary: "List templates", responses: { "200": json(z.object({ templates: z.array(ZTemplateResource) }), "Active templates"), ...errors(401, 429) } },
      },
      "/servers": {
        get: { summary: "List your servers", responses: { "200": json(z.object({ servers: z.array(ZServerResource) }), "Servers"), ...errors(401, 429) } },
        post: {
          summary: "Order a server",
          requestBody: { required: true, ...json(ZOrderInput, "plan and template slugs and a hostname (RFC 1123 label)", "input") },
          responses: { "202": json(z.object({ server: ZServerResource, job: ZJobResource }), "Accepted: the pending server and its provisioning job"), ...errors(400, 401, 422, 429) },
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
          responses: { "202": jobAccepted, ...errors(400, 401, 403, 404, 409, 422, 429) },
        },
      },
      "/jobs/{id}": {
        parameters: [idParameter("job id")],
        get: { summary: "Follow a job", responses: { "200": json(z.object({ job: ZJobResource }), "The job"), ...errors(401, 404, 429) } },
      },
    },
  };
}
