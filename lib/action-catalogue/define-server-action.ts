import type { z } from "zod";
import type { AgentClient, ContainerActionVerb, ContainerState, OperationResult } from "../../agent/client";
import type { Actor } from "../access/actor";
import type { Database, Transaction } from "../database/client";
import type { ServerStatus } from "../domain/statuses";
import type { Prisma } from "../generated/prisma/client";
import type { ServerEventType } from "../notifications/server-events";

/** In which capacity a caller asks for an action on a server. */
export const requesters = ["customer", "reseller", "admin", "billing"] as const;
export type Requester = (typeof requesters)[number];

/** Everyone who may act on a server: its owner, the owner's reseller, the admin and billing webhooks. */
export const everyone: readonly Requester[] = requesters;
/** The owner's providers: its reseller, the admin and their billing systems. */
export const providers: readonly Requester[] = ["reseller", "admin", "billing"];

/** The server as actions see it. */
export type ActionServer = Prisma.ServerGetPayload<{ include: { owner: true; plan: true; template: true; host: true } }>;

/** What `prepare` gets: the caller, the server (already found in the caller's scope) and the parsed input. */
export interface PrepareContext<Input> {
  database: Database;
  actor: Actor;
  requester: Requester;
  server: ActionServer;
  input: Input;
}

/** What a step and the outcome get in the worker. */
export interface StepContext<Payload> {
  database: Database;
  server: ActionServer;
  payload: Payload;
  /** The server's host agent; throws server_not_placed for a server that never got a host. */
  agent(): AgentClient;
}

export interface ServerActionStep<Payload> {
  /** Shown as the job's step while it runs. */
  label: string;
  /** Idempotent work (a retry runs it again); returns the agent's answer when it asked the agent. */
  run(context: StepContext<Payload>): Promise<OperationResult | void>;
}

export interface ServerActionLabels {
  /** What it is called in messages: "Rescue" ("Rescue refused", "Rescue failed"). */
  name: string;
  /** Its button: "Boot rescue". */
  button: string;
  /** Progress title while it runs. */
  running: string;
  /** Title once it has finished. */
  done: string;
  /** One sentence for its button's card, the CLI's help and the API document. */
  description: string;
}

export interface ServerActionPanel {
  /** Where the server page shows it: the power bar, a card under Manage, or the provider's card. */
  placement: "power" | "manage" | "provider";
  /** Statuses in which the page offers it (default: every status it is accepted from). */
  offeredFrom?: readonly ServerStatus[];
  /** Power-bar buttons normally stay visible but disabled; these are hidden when not offered. */
  hiddenWhenUnavailable?: boolean;
  /** Asked before it runs; typeHostname makes the caller type the server's hostname. */
  confirm?: { title: string; detail: string; button: string; typeHostname?: boolean };
  /** Fields the form shows (a plan or template picker, a reason); their values become the input fields of the same name. */
  fields?: readonly ("plan" | "template" | "reason" | "sshKeys" | "rootPassword")[];
  tone?: "danger";
  /** Also a row button in the admin's and resellers' server lists. */
  inServerLists?: boolean;
}

/**
 * One server action, defined once: who may ask, from which states, its input and the payload
 * the worker runs, the steps and agent calls, the audit event and the panel's labels. The REST
 * API, the panel, the billing webhook and the CLI all read it (lib/server-actions/catalogue.ts).
 */
export interface ServerActionDefinition<Input extends z.ZodObject = z.ZodObject, Payload extends z.ZodObject = z.ZodObject, Type extends string = string> {
  type: Type;
  requesters: readonly Requester[];
  /** Statuses the action is accepted from. */
  from: readonly ServerStatus[];
  /** More statuses the owner's providers may act from (terminating a suspended server). */
  providersAlsoFrom?: readonly ServerStatus[];
  /** Fields of the request besides "type" (REST body, panel form, webhook data, CLI flags). */
  input: Input;
  /** What the worker gets: the input resolved when the action is accepted. */
  payload: Payload;
  /** Resolves the input into the payload (slugs to ids, checks that read the database). Default: no fields. */
  prepare?(context: PrepareContext<z.infer<Input>>): Promise<z.infer<Payload>>;
  /** In the transaction that accepts the action (reserving quota, the wanted state). */
  accepted?(transaction: Transaction, context: { server: ActionServer; payload: z.infer<Payload> }): Promise<void>;
  steps: readonly ServerActionStep<z.infer<Payload>>[];
  /** The server's new fields once the steps are done; `container` is the last state the agent reported. */
  outcome(result: { container: ContainerState | null; server: ActionServer; payload: z.infer<Payload> }): Prisma.ServerUpdateInput;
  /** In the transaction that records success (releasing what the action freed). */
  settle?(transaction: Transaction, context: { server: ActionServer; payload: z.infer<Payload> }): Promise<void>;
  /** In the transaction that records a final failure, when this job held the server (giving back a reservation). */
  release?(transaction: Transaction, context: { server: ActionServer; payload: z.infer<Payload> }): Promise<void>;
  /**
   * Requesters whose request does not wait for the server to be free (billing suspend and
   * terminate must win): accepted while another action runs, it takes the server's next slot and
   * runs once that action ends; an action accepted but not started yet is dropped instead.
   */
  preempts?: readonly Requester[];
  /** Asking again while it runs, or once it has brought the server here, answers the same job. */
  repeatAnswersSameJobOnceServerIs?: ServerStatus;
  /** Not accepted at POST /api/v1/servers/{id}/actions because it has its own REST door. */
  ownRestRoute?: string;
  /** The billing event that asks for it, and how its data becomes the input. */
  billingEvent?: string;
  /** The event its success tells the customer (mail) and webhook endpoints, if any; `server` is as it was before. */
  announce?(context: { server: ActionServer; payload: z.infer<Payload> }): { event: ServerEventType; details?: Record<string, unknown> } | null;
  labels: ServerActionLabels;
  panel: ServerActionPanel;
}

/** A step that is one agent verb on the server's container (POST /v1/containers/{name}/{verb}). */
export function agentStep<Payload>(label: string, verb: ContainerActionVerb): ServerActionStep<Payload> {
  return { label, run: ({ agent, server }) => agent().containerAction(server.containerName, verb) };
}

export function defineServerAction<Input extends z.ZodObject, Payload extends z.ZodObject, Type extends string>(
  definition: ServerActionDefinition<Input, Payload, Type>,
): ServerActionDefinition<Input, Payload, Type> {
  return definition;
}
