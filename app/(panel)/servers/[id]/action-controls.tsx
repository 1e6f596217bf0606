"use client";

import { useRouter } from "next/navigation";
import { createContext, startTransition, useActionState, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { ServerActionControl } from "@/lib/action-catalogue/available-actions";
import type { ServerActionLabels } from "@/lib/action-catalogue/define-server-action";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import type { JobView, ServerActivity } from "@/lib/servers/server-activity";
import { JobProgress } from "../../../_components/job-progress";
import { requestServerActionFromPanel } from "./actions";

/*
 * The server page's actions, drawn from the action catalogue: the page hands over the controls
 * the reader may use (with their labels and whether they are offered now), and these components
 * render them by placement. Nothing here knows a particular action.
 */

export interface PlanOption {
  slug: string;
  name: string;
  summary: string;
  price: string;
}

export interface ActionChoices {
  plans: PlanOption[];
  currentPlan: string;
  templates: { slug: string; name: string }[];
  currentTemplate: string;
  /** The owner's saved SSH keys, for a reinstall's new system. */
  sshKeys: { id: string; name: string; fingerprint: string }[];
}

interface ServerActionsContextValue {
  serverId: string;
  hostname: string;
  /** Labels of every catalogue action, for progress of actions the reader did not start. */
  labels: Record<string, ServerActionLabels>;
  choices: ActionChoices;
  state: ActionState<JobView>;
  pending: boolean;
  run(type: string, fields?: Record<string, string>): void;
  /** The job to show: the running action, else the one this page last started. */
  job: JobView | null;
  /** The job of the last action this page started, so its form resets once it is accepted. */
  acceptedJobId: string | null;
}

const ServerActionsContext = createContext<ServerActionsContextValue | null>(null);

function useServerActions(): ServerActionsContextValue {
  const context = useContext(ServerActionsContext);
  if (!context) throw new Error("server action controls must be inside <ServerActionsProvider>");
  return context;
}

/** Holds the one action state of the server page, so every control shares pending, errors and progress. */
export function ServerActionsProvider({ serverId, hostname, labels, choices, activeJob, children }: {
  serverId: string;
  hostname: string;
  labels: Record<string, ServerActionLabels>;
  choices: ActionChoices;
  activeJob: JobView | null;
  children: ReactNode;
}) {
  const [state, dispatch, pending] = useActionState(requestServerActionFromPanel, initialActionState as ActionState<JobView>);
  const [lastJob, setLastJob] = useState<JobView | null>(null);
  useEffect(() => {
    if (state.ok && state.result) setLastJob(state.result);
  }, [state]);
  const run = (type: string, fields: Record<string, string> = {}) => {
    const formData = new FormData();
    formData.set("serverId", serverId);
    formData.set("type", type);
    for (const [name, value] of Object.entries(fields)) formData.set(name, value);
    startTransition(() => dispatch(formData));
  };
  const job = activeJob ?? lastJob;
  return (
    <ServerActionsContext.Provider value={{ serverId, hostname, labels, choices, state, pending, run, job, acceptedJobId: lastJob?.id ?? null }}>{children}</ServerActionsContext.Provider>
  );
}

function isFinished(state: string) {
  return state === "completed" || state === "failed";
}

/** Live progress of one job: polls GET /api/servers/:id/activity?job=… until it finishes, then refreshes the page. */
function ActionProgress({ initial, onDismiss }: { initial: JobView; onDismiss: () => void }) {
  const { serverId, labels } = useServerActions();
  const router = useRouter();
  const label = labels[initial.action ?? ""];
  const readJob = useCallback((body: unknown) => (body as ServerActivity).job, []);
  const refresh = useCallback(() => router.refresh(), [router]);
  return (
    <JobProgress
      initial={initial}
      pollUrl={`/api/servers/${encodeURIComponent(serverId)}/activity?job=${encodeURIComponent(initial.id)}`}
      readJob={readJob}
      returnTo={`/servers/${serverId}`}
      labels={{ name: label?.name ?? "Action", running: label?.running ?? "Action in progress", done: label?.done ?? "Action finished" }}
      onFinished={refresh}
      onDismiss={onDismiss}
    />
  );
}

/** The running or last started action's progress, if any. */
export function ActivityPanel() {
  const { job, pending } = useServerActions();
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!job || dismissed === job.id) return null;
  return (
    // Keyed by job: a new action starts a fresh poll. A finished panel steps aside while the next action is sent.
    <div className={pending && isFinished(job.state) ? "hidden" : undefined}>
      <ActionProgress key={job.id} initial={job} onDismiss={() => setDismissed(job.id)} />
    </div>
  );
}

/** The refusal of the last action, when it belongs to one of these controls. */
export function RefusalAlert({ types }: { types: string[] }) {
  const { state, pending, labels } = useServerActions();
  const type = state.values.type;
  if (pending || state.ok || !state.error || !type || !types.includes(type)) return null;
  return (
    <div role="alert" data-testid="action-error" className="flex gap-3 rounded-lg bg-rose-50 p-3.5 text-sm text-rose-800 ring-1 ring-inset ring-rose-600/20">
      <svg viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0 text-rose-500" aria-hidden>
        <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
      </svg>
      <div>
        <p className="font-semibold">{labels[type]?.name ?? "Action"} refused</p>
        <p className="mt-0.5 text-rose-700">{state.error}</p>
      </div>
    </div>
  );
}

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-40 disabled:shadow-none";
const secondaryButton = `${buttonBase} bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:hover:bg-white`;
const dangerButton = `${buttonBase} bg-rose-600 text-white hover:bg-rose-500 focus-visible:outline-rose-600 disabled:hover:bg-rose-600`;
const primaryButton = `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-500 focus-visible:outline-indigo-600 disabled:hover:bg-indigo-600`;
const fieldClass =
  "mt-1.5 block w-full rounded-lg border-0 bg-white py-2 pl-3 pr-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500";

/** The pickers and text fields an action's form shows (its catalogue entry's `panel.fields`). */
function ActionFields({ control, values, onChange, disabled }: {
  control: ServerActionControl;
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  disabled: boolean;
}) {
  const { choices } = useServerActions();
  return (
    <>
      {(control.panel.fields ?? []).map((field) => {
        const id = `${control.type}-${field}`;
        if (field === "rootPassword") {
          return (
            <div key={field}>
              <label htmlFor={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                {control.type === "reinstall" ? "New root password (optional; 12 to 128 characters)" : "New root password (12 to 128 characters)"}
              </label>
              <input id={id} data-testid={id} type="text" autoComplete="new-password" spellCheck={false} value={values[field] ?? ""} maxLength={128} disabled={disabled} onChange={(event) => onChange(field, event.target.value)} className={`${fieldClass} font-mono`} />
            </div>
          );
        }
        if (field === "sshKeys") {
          // Kept as comma-separated ids in the form's values; the panel action splits them.
          const chosen = new Set((values[field] ?? "").split(",").filter(Boolean));
          const toggle = (keyId: string) => {
            const next = new Set(chosen);
            if (next.has(keyId)) next.delete(keyId);
            else next.add(keyId);
            onChange(field, [...next].join(","));
          };
          return (
            <fieldset key={field}>
              <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">SSH keys for root</legend>
              {choices.sshKeys.length === 0 ? <p className="mt-1.5 text-xs text-slate-500">The owner has no saved SSH keys.</p> : null}
              {choices.sshKeys.map((key) => (
                <label key={key.id} className="mt-1.5 flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" data-testid={`${id}-${key.id}`} checked={chosen.has(key.id)} disabled={disabled} onChange={() => toggle(key.id)} className="size-4 rounded border-slate-300 text-indigo-600" />
                  {key.name} <span className="truncate font-mono text-xs text-slate-500">{key.fingerprint}</span>
                </label>
              ))}
            </fieldset>
          );
        }
        if (field === "reason") {
          return (
            <div key={field}>
              <label htmlFor={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                Reason (optional)
              </label>
              <input id={id} data-testid={id} value={values[field] ?? ""} maxLength={500} disabled={disabled} onChange={(event) => onChange(field, event.target.value)} className={fieldClass} />
            </div>
          );
        }
        const options =
          field === "plan"
            ? choices.plans.map((plan) => ({ value: plan.slug, text: `${plan.name}${plan.slug === choices.currentPlan ? " (current)" : ""} · ${plan.price}/month` }))
            : choices.templates.map((template) => ({ value: template.slug, text: `${template.name}${template.slug === choices.currentTemplate ? " (current)" : ""}` }));
        const chosenPlan = field === "plan" ? choices.plans.find((plan) => plan.slug === values.plan) : undefined;
        return (
          <div key={field}>
            <label htmlFor={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              {field === "plan" ? "New plan" : "Template"}
            </label>
            <select id={id} data-testid={id} value={values[field] ?? ""} disabled={disabled} onChange={(event) => onChange(field, event.target.value)} className={fieldClass}>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.text}
                </option>
              ))}
            </select>
            {chosenPlan ? <p className="mt-2 text-xs text-slate-500">{chosenPlan.summary}</p> : null}
          </div>
        );
      })}
    </>
  );
}

/**
 * One action's button; with a confirmation in its catalogue entry, the button opens it and the
 * confirm button runs the action (after the hostname is typed, when the entry asks for that).
 */
function ActionButton({ control, inline = false, variant }: { control: ServerActionControl; inline?: boolean; variant: "power" | "card" }) {
  const { run, pending, hostname, choices } = useServerActions();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [values, setValues] = useState<Record<string, string>>({
    plan: choices.currentPlan,
    template: choices.currentTemplate,
    sshKeys: choices.sshKeys.map((key) => key.id).join(","),
  });
  const { confirm, tone, fields = [] } = control.panel;
  const disabled = !control.offered || pending;
  // Moving to the plan one is on changes nothing, so it is not offered.
  const unchanged = fields.includes("plan") && values.plan === choices.currentPlan;
  const submit = () => {
    const chosen = Object.fromEntries(fields.map((field) => [field, values[field] ?? ""]));
    run(control.type, confirm?.typeHostname ? { ...chosen, confirmHostname: typed.trim() } : chosen);
    setConfirming(false);
    setTyped("");
  };
  const buttonClass = tone === "danger" ? dangerButton : variant === "card" && !confirm ? primaryButton : secondaryButton;
  const setField = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));

  if (confirm && confirming) {
    const danger = tone === "danger" || fields.includes("template");
    return (
      <div
        className={`space-y-3 rounded-lg p-4 ring-1 ring-inset ${danger ? "bg-rose-50 ring-rose-600/20" : "bg-amber-50 ring-amber-600/25"}`}
        data-testid={`${control.type}-confirmation`}
      >
        <p className={`text-sm font-semibold ${danger ? "text-rose-900" : "text-amber-900"}`}>{confirm.title}</p>
        <p className={`text-xs ${danger ? "text-rose-800" : "text-amber-800"}`}>{confirm.detail}</p>
        <ActionFields control={control} values={values} onChange={setField} disabled={disabled} />
        {confirm.typeHostname ? (
          <div>
            <label htmlFor={`${control.type}-hostname`} className="block text-sm text-rose-900">
              Type <span className="rounded bg-white px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ring-rose-200">{hostname}</span> to confirm.
            </label>
            <input
              id={`${control.type}-hostname`}
              data-testid={`${control.type}-hostname`}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder={hostname}
              className="mt-1.5 block w-full rounded-lg border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-rose-300 placeholder:text-slate-300 focus:ring-2 focus:ring-rose-600"
            />
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            data-testid={`action-${control.type}-confirm`}
            disabled={disabled || (confirm.typeHostname === true && typed.trim() !== hostname)}
            onClick={submit}
            className={danger ? dangerButton : primaryButton}
          >
            {confirm.button}
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={secondaryButton}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className={inline ? "contents" : "space-y-4"}>
      {confirm ? null : <ActionFields control={control} values={values} onChange={setField} disabled={disabled} />}
      <button
        type="button"
        data-testid={`action-${control.type}`}
        disabled={disabled || unchanged}
        title={control.reason ?? undefined}
        onClick={confirm ? () => setConfirming(true) : submit}
        className={buttonClass}
      >
        {control.labels.button}
        {confirm ? "…" : ""}
      </button>
    </div>
  );
}

/** The power bar: every "power" action (start, stop, reboot, rescue, ...); some only while offered. */
export function PowerControls({ controls }: { controls: ServerActionControl[] }) {
  const shown = controls.filter((control) => control.panel.placement === "power" && (control.offered || !control.panel.hiddenWhenUnavailable));
  return (
    <div className="flex flex-wrap items-start gap-2">
      {shown.map((control) => (
        <ActionButton key={control.type} control={control} variant="power" inline />
      ))}
    </div>
  );
}

function ActionCard({ control }: { control: ServerActionControl }) {
  const { acceptedJobId } = useServerActions();
  const danger = control.panel.tone === "danger";
  return (
    <section className={`flex flex-col rounded-xl border bg-white shadow-sm ${danger ? "border-rose-200" : "border-slate-200"}`}>
      <header className={`border-b px-5 py-4 ${danger ? "border-rose-100" : "border-slate-100"}`}>
        <h2 className={`text-sm font-semibold ${danger ? "text-rose-700" : "text-slate-900"}`}>{control.labels.button}</h2>
      </header>
      <div className="flex flex-1 flex-col gap-4 p-5">
        <p className="text-sm text-slate-600">{control.labels.description}</p>
        <RefusalAlert types={[control.type]} />
        {/* Keyed by the last job, so an accepted action closes its confirmation and resets its fields. */}
        <div className="mt-auto">
          <ActionButton key={acceptedJobId ?? "none"} control={control} variant="card" />
        </div>
      </div>
    </section>
  );
}

/** A card per "manage" action (plan change, reinstall, terminate, ...). */
export function ManageControls({ controls }: { controls: ServerActionControl[] }) {
  const cards = controls.filter((control) => control.panel.placement === "manage");
  if (cards.length === 0) return null;
  return (
    <div className="grid items-stretch gap-6 lg:grid-cols-3">
      {cards.map((control) => (
        <ActionCard key={control.type} control={control} />
      ))}
    </div>
  );
}

/** The provider's own actions (suspend, unsuspend), shown only to those who may use them. */
export function ProviderControls({ controls }: { controls: ServerActionControl[] }) {
  const provider = controls.filter((control) => control.panel.placement === "provider");
  if (provider.length === 0) return null;
  return (
    <section className="rounded-xl border border-orange-200 bg-white shadow-sm" data-testid="provider-controls">
      <header className="border-b border-orange-100 px-5 py-4">
        <h2 className="text-sm font-semibold text-orange-800">Provider actions</h2>
        <p className="mt-0.5 text-xs text-slate-500">Only you, as this server&apos;s provider, see these.</p>
      </header>
      <div className="grid gap-6 p-5 sm:grid-cols-2">
        {provider.map((control) => (
          <div key={control.type} className="space-y-3">
            <p className="text-sm text-slate-600">{control.labels.description}</p>
            <RefusalAlert types={[control.type]} />
            <ActionButton control={control} variant="card" />
          </div>
        ))}
      </div>
    </section>
  );
}
