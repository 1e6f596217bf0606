import { z } from "zod";
import type { ServerActionDefinition } from "./define-server-action";
import { changeAddresses } from "./entries/change-addresses";
import { reboot } from "./entries/reboot";
import { reinstall } from "./entries/reinstall";
import { rescue } from "./entries/rescue";
import { resetPassword } from "./entries/reset-password";
import { resize } from "./entries/resize";
import { start } from "./entries/start";
import { stop } from "./entries/stop";
import { suspend } from "./entries/suspend";
import { terminate } from "./entries/terminate";
import { unrescue } from "./entries/unrescue";
import { unsuspend } from "./entries/unsuspend";

/**
 * Every action on a server, in the order the panel and documents list them. Adding one is one
 * entry here (its file in entries/), one agent driver method and its test: the REST API, the
 * OpenAPI document, the panel, the operator consoles, the billing webhook, the CLI and both
 * authorization matrices read this list.
 */
export const serverActionCatalogue = [start, stop, reboot, rescue, unrescue, resize, reinstall, resetPassword, changeAddresses, suspend, unsuspend, terminate] as const;

export type ServerActionType = (typeof serverActionCatalogue)[number]["type"];
export const serverActionTypes = serverActionCatalogue.map((entry) => entry.type) as [ServerActionType, ...ServerActionType[]];

export function findServerAction(type: string): ServerActionDefinition | undefined {
  return (serverActionCatalogue as readonly ServerActionDefinition[]).find((entry) => entry.type === type);
}

export function serverActionOf(type: ServerActionType): ServerActionDefinition {
  return findServerAction(type) as ServerActionDefinition;
}

type RequestSchema = z.ZodObject<{ type: z.ZodLiteral<string> }>;
const requestSchemaOf = (entry: ServerActionDefinition): RequestSchema => entry.input.extend({ type: z.literal(entry.type) }) as unknown as RequestSchema;

/** Every action with its input fields: what the panel, the webhook and the CLI may ask for. */
export const ZServerActionRequest = z.discriminatedUnion("type", serverActionCatalogue.map(requestSchemaOf) as [RequestSchema, ...RequestSchema[]]);

/** The body of POST /api/v1/servers/{id}/actions: every action but those with a REST route of their own. */
export const ZServerActionApiInput = z.discriminatedUnion(
  "type",
  (serverActionCatalogue as readonly ServerActionDefinition[]).filter((entry) => !entry.ownRestRoute).map(requestSchemaOf) as [RequestSchema, ...RequestSchema[]],
);

/** What the worker runs: the action's payload as its entry defines it, checked against that entry. */
export const ZServerActionPayload = z
  .object({ serverId: z.string().min(1), action: z.looseObject({ type: z.enum(serverActionTypes) }) })
  .superRefine((value, context) => {
    const { type, ...payload } = value.action;
    const result = serverActionOf(type).payload.safeParse(payload);
    for (const issue of result.error?.issues ?? []) context.addIssue({ ...issue, path: ["action", ...issue.path] } as z.core.$ZodRawIssue);
  });
export type TServerActionPayload = z.infer<typeof ZServerActionPayload>;
