import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "../access/actor";
import type { SessionUser } from "../auth/session";
import { AppError, parseInput } from "../errors";
import { panelServices, type PanelServices } from "../http/panel-services";
import type { ActionState } from "./action-state";
import { logger } from "../logging/logger";

export interface PanelActionContext<Input> {
  actor: Actor;
  user: SessionUser;
  input: Input;
  services: PanelServices;
}

export type PanelAction<Result> = (previous: ActionState<Result>, formData: FormData) => Promise<ActionState<Result>>;

// Marks what panelAction built, so the authorization test can tell a guarded action from a bare one.
const panelActionMarker = Symbol.for("berth.panelAction");

// Never echoed back into a form after a refusal.
const secretField = /password|secret|code|token/i;

/** A submitted form as a plain object for zod: repeated names become arrays; Next.js's own fields are left out. */
function formObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("$ACTION")) continue;
    const existing = object[name];
    object[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return object;
}

function echoedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && !name.startsWith("$ACTION") && !secretField.test(name)) values[name] = value;
  }
  return values;
}

/** The fields an AppError is about: zod issues, a `field` detail, or a message that starts with "field: ". */
function fieldErrorsOf(error: AppError): Record<string, string> {
  const details = error.details as { field?: unknown; issues?: { field?: unknown; message?: unknown }[] } | undefined;
  const fieldErrors: Record<string, string> = {};
  for (const issue of details?.issues ?? []) {
    if (typeof issue.field === "string" && issue.field && typeof issue.message === "string") fieldErrors[issue.field] ??= issue.message;
  }
  const prefixed = /^([\w.]+):\s*(.*)$/s.exec(error.message);
  const field = typeof details?.field === "string" ? details.field : prefixed?.[1];
  if (field && prefixed?.[1] === field) fieldErrors[field] ??= prefixed[2] ?? error.message;
  return fieldErrors;
}

/** How a failure reaches the form: an AppError as it is; anything else logged with a reference the user can quote. */
function refusalOf(error: unknown, name: string): Pick<ActionState, "error" | "code" | "fieldErrors"> {
  if (error instanceof AppError) return { error: error.message, code: error.code, fieldErrors: fieldErrorsOf(error) };
  const reference = randomUUID().slice(0, 8);
  logger().error({ action: name, reference, err: error }, "panel action failed");
  return { error: `Something went wrong on our side (reference ${reference}). Please try again in a moment.`, code: "internal_error", fieldErrors: {} };
}

/**
 * Builds a panel action ("use server" function): resolves the signed-in actor (signed-out
 * callers go to /signin), parses the submitted form with the schema, runs the domain call and
 * turns the outcome into an ActionState in one way. Every exported panel action is built here.
 */
export function panelAction<Schema extends z.ZodType, Result = null>(
  name: string,
  schema: Schema,
  run: (context: PanelActionContext<z.infer<Schema>>) => Promise<Result>,
): PanelAction<Result> {
  const action: PanelAction<Result> = async (previous, formData) => {
    // Loaded when an action runs, so importing an action module (the authorization test does) loads no next-auth.
    const { requireSessionActor } = await import("./session-actor");
    const { user, actor } = await requireSessionActor();
    const attempt = (previous?.attempt ?? 0) + 1;
    try {
      const input = parseInput(schema, formObject(formData));
      const result = await run({ actor, user, input, services: panelServices() });
      return { attempt, ok: true, result, error: null, code: null, fieldErrors: {}, values: {} };
    } catch (error) {
      // redirect() and notFound() from the domain call are Next.js's control flow, not failures.
      unstable_rethrow(error);
      return { attempt, ok: false, result: null, values: echoedValues(formData), ...refusalOf(error, name) };
    }
  };
  Object.defineProperty(action, panelActionMarker, { value: name });
  return action;
}

/** The name a panelAction was built with, or null for anything else. */
export function panelActionName(value: unknown): string | null {
  return typeof value === "function" ? ((value as unknown as Record<symbol, string>)[panelActionMarker] ?? null) : null;
}
