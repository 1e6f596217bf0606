"use client";

import { useRouter } from "next/navigation";
import { createContext, startTransition, useActionState, useContext, useEffect, useState, type ReactNode } from "react";
import type { AvailableActions } from "@/lib/panel/server-controls";
import type { JobView, ServerActivity } from "@/lib/panel/server-activity";
import { StatusBadge } from "../../../_components/ui";
import { performServerAction } from "./actions";
import { initialServerActionState, type LifecycleAction, type ServerActionState } from "./state";

const pollIntervalMs = 1000;

interface ServerActionsContextValue {
  serverId: string;
  hostname: string;
  state: ServerActionState;
  pending: boolean;
  run(type: LifecycleAction, fields?: Record<string, string>): void;
  /** The job to show: the running action, else the one this page last started. */
  job: JobView | null;
}

const ServerActionsContext = createContext<ServerActionsContextValue | null>(null);

function useServerActions(): ServerActionsContextValue {
  const context = useContext(ServerActionsContext);
  if (!context) throw new Error("server action controls must be inside <ServerActionsProvider>");
  return context;
}

/** Holds the one action state of the server page, so every control shares pending, errors and progress. */
export function ServerActionsProvider({ serverId, hostname, activeJob, children }: {
  serverId: string;
  hostname: string;
  activeJob: JobView | null;
  children: ReactNode;
}) {
  const [state, dispatch, pending] = useActionState(performServerAction, initialServerActionState);
  const run = (type: LifecycleAction, fields: Record<string, string> = {}) => {
    const formData = new FormData();
    formData.set("serverId", serverId);
    formData.set("type", type);
    for (const [name, value] of Object.entries(fields)) formData.set(name, value);
    startTransition(() => dispatch(formData));
  };
  const job = activeJob ?? state.job;
  return <ServerActionsContext.Provider value={{ serverId, hostname, state, pending, run, job }}>{children}</ServerActionsContext.Provider>;
}

function isFinished(state: string) {
  return state === "completed" || state === "failed";
}

const running: Record<string, string> = {
  start: "Start in progress",
  stop: "Stop in progress",
  reboot: "Reboot in progress",
  reinstall: "Reinstall in progress",
  resize: "Plan change in progress",
  terminate: "Termination in progress",
  suspend: "Your provider is suspending this server",
  unsuspend: "Your provider is lifting the suspension",
};
const done: Record<string, string> = {
  start: "Server started",
  stop: "Server stopped",
  reboot: "Server rebooted",
  reinstall: "Server reinstalled",
  resize: "Plan changed",
  terminate: "Server terminated",
  suspend: "Server suspended",
  unsuspend: "Server unsuspended",
};
const names: Record<string, string> = {
  start: "Start",
  stop: "Stop",
  reboot: "Reboot",
  reinstall: "Reinstall",
  resize: "Plan change",
  terminate: "Termination",
  suspend: "Suspension",
  unsuspend: "Unsuspension",
};

/** Live progress of one job: polls GET /api/servers/:id/activity?job=… until it finishes, then refreshes the page. */
function ActionProgress({ serverId, initial, onDismiss }: { serverId: string; initial: JobView; onDismiss: () => void }) {
  const router = useRouter();
  const [job, setJob] = useState<JobView>(initial);
  const [connectionProblem, setConnectionProblem] = useState(false);

  useEffect(() => {
    if (isFinished(job.state)) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/servers/${encodeURIComponent(serverId)}/activity?job=${encodeURIComponent(job.id)}`, { cache: "no-store" });
        if (response.status === 401) {
          window.location.assign(`/signin?callbackUrl=${encodeURIComponent(`/servers/${serverId}`)}`);
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const activity = (await response.json()) as ServerActivity;
        if (cancelled) return;
        // A job that is no longer on record has nothing more to report.
        const next = activity.job ?? { ...job, state: "completed", progress: 100 };
        setConnectionProblem(false);
        setJob(next);
        if (isFinished(next.state)) router.refresh();
      } catch {
        if (!cancelled) {
          setConnectionProblem(true);
          // Same job, new identity: schedules the next poll.
          setJob((current) => ({ ...current }));
        }
      }
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [job, serverId, router]);

  const action = job.action ?? "";
  const failed = job.state === "failed";
  const completed = job.state === "completed";
  const percent = Math.round(completed ? 100 : job.progress);
  const title = completed ? (done[action] ?? "Action finished") : failed ? `${names[action] ?? "Action"} failed` : `${running[action] ?? "Action in progress"}…`;
  const step = completed ? "Done" : failed ? `Stopped at: ${job.step ?? "the first step"}` : (job.step ?? (job.state === "queued" ? "Waiting for a worker" : "Starting"));
  const barColour = failed ? "bg-rose-500" : completed ? "bg-emerald-500" : "bg-indigo-600";

  return (
    <div
      data-testid="action-progress"
      data-state={job.state}
      data-action={action}
      data-job-id={job.id}
      className={`rounded-lg p-4 ring-1 ring-inset ${failed ? "bg-rose-50/60 ring-rose-600/20" : completed ? "bg-emerald-50/60 ring-emerald-600/20" : "bg-indigo-50/50 ring-indigo-600/15"}`}
    >
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm font-semibold text-slate-900" aria-live="polite">
            {title}
          </p>
          <p className="mt-0.5 text-xs text-slate-600" data-testid="progress-step">
            {step}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-3">
          <StatusBadge status={job.state} />
          {isFinished(job.state) ? (
            <button type="button" onClick={onDismiss} className="text-xs font-medium text-slate-500 hover:text-slate-800">
              Dismiss
            </button>
          ) : null}
        </div>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label={`${names[action] ?? "Action"} progress`}
          className="h-2 w-full overflow-hidden rounded-full bg-white ring-1 ring-inset ring-slate-200"
        >
          <div
            className={`h-full rounded-full transition-[width] duration-700 ease-out ${barColour} ${!isFinished(job.state) ? "animate-pulse" : ""}`}
            style={{ width: `${Math.max(percent, failed ? 100 : 4)}%` }}
          />
        </div>
        <span className="w-10 shrink-0 text-right text-xs tabular-nums text-slate-500">{percent}%</span>
      </div>
      {failed ? (
        <p className="mt-3 text-sm text-rose-700" data-testid="progress-error">
          {job.error ?? "The action failed."}
        </p>
      ) : null}
      {connectionProblem && !isFinished(job.state) ? <p className="mt-2 text-xs text-amber-700">Connection hiccup while checking progress; retrying…</p> : null}
    </div>
  );
}

/** The running or last started action's progress, if any. */
export function ActivityPanel() {
  const { serverId, job, pending } = useServerActions();
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!job || dismissed === job.id) return null;
  return (
    // Keyed by job: a new action starts a fresh poll. A finished panel steps aside while the next action is sent.
    <div className={pending && isFinished(job.state) ? "hidden" : undefined}>
      <ActionProgress key={job.id} serverId={serverId} initial={job} onDismiss={() => setDismissed(job.id)} />
    </div>
  );
}

/** The refusal of the last action, when it belongs to one of these controls. */
function RefusalAlert({ types }: { types: LifecycleAction[] }) {
  const { state, pending } = useServerActions();
  if (pending || !state.error || !state.type || !types.includes(state.type)) return null;
  return (
    <div role="alert" data-testid="action-error" className="flex gap-3 rounded-lg bg-rose-50 p-3.5 text-sm text-rose-800 ring-1 ring-inset ring-rose-600/20">
      <svg viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0 text-rose-500" aria-hidden>
        <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
      </svg>
      <div>
        <p className="font-semibold">{names[state.type] ?? "Action"} refused</p>
        <p className="mt-0.5 text-rose-700">{state.error.message}</p>
      </div>
    </div>
  );
}

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-40 disabled:shadow-none";
const secondaryButton = `${buttonBase} bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:hover:bg-white`;
const dangerButton = `${buttonBase} bg-rose-600 text-white hover:bg-rose-500 focus-visible:outline-rose-600 disabled:hover:bg-rose-600`;
const primaryButton = `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-500 focus-visible:outline-indigo-600 disabled:hover:bg-indigo-600`;

function PowerIcon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.7} className="size-4" aria-hidden>
      <path strokeLinecap="round" strokeLinejoin="round" d={path} />
    </svg>
  );
}

const why: Record<"start" | "stop" | "reboot", string> = {
  start: "Only a stopped server can be started",
  stop: "Only a running server can be stopped",
  reboot: "Only a running server can be rebooted",
};

/** Start, stop and reboot, each enabled only when the server's status allows it. */
export function PowerControls({ can, busy }: { can: AvailableActions; busy: boolean }) {
  const { run, pending } = useServerActions();
  const buttons = [
    { type: "start" as const, label: "Start", icon: "M6.5 4.5v11l9-5.5-9-5.5Z" },
    { type: "stop" as const, label: "Stop", icon: "M5.5 5.5h9v9h-9z" },
    { type: "reboot" as const, label: "Reboot", icon: "M15.5 10a5.5 5.5 0 1 1-1.6-3.9M15.5 3.5v3h-3" },
  ];
  return (
    <div className="flex flex-wrap gap-2">
      {buttons.map(({ type, label, icon }) => (
        <button
          key={type}
          type="button"
          data-testid={`action-${type}`}
          disabled={!can[type] || pending}
          title={busy ? "Another action is running on this server" : can[type] ? undefined : why[type]}
          onClick={() => run(type)}
          className={secondaryButton}
        >
          <PowerIcon path={icon} />
          {label}
        </button>
      ))}
    </div>
  );
}

export function PowerErrors() {
  return <RefusalAlert types={["start", "stop", "reboot"]} />;
}

export interface PlanOption {
  slug: string;
  name: string;
  summary: string;
  price: string;
}

function ResizeCard({ can, plans, currentPlan }: { can: AvailableActions; plans: PlanOption[]; currentPlan: string }) {
  const { run, pending } = useServerActions();
  const [plan, setPlan] = useState(currentPlan);
  const chosen = plans.find((option) => option.slug === plan);
  return (
    <div className="flex h-full flex-col gap-4 p-5">
      <div>
        <label htmlFor="resize-plan" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          New plan
        </label>
        <select
          id="resize-plan"
          data-testid="resize-plan"
          value={plan}
          onChange={(event) => setPlan(event.target.value)}
          disabled={!can.resize || pending}
          className="mt-1.5 block w-full rounded-lg border-0 bg-white py-2 pl-3 pr-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500"
        >
          {plans.map((option) => (
            <option key={option.slug} value={option.slug}>
              {option.name}
              {option.slug === currentPlan ? " (current)" : ""} · {option.price}/month
            </option>
          ))}
        </select>
        {chosen ? <p className="mt-2 text-xs text-slate-500">{chosen.summary}</p> : null}
      </div>
      <p className="text-xs text-slate-500">A smaller disk is refused while the server already uses more than the new plan allows.</p>
      <RefusalAlert types={["resize"]} />
      <div className="mt-auto">
        <button
          type="button"
          data-testid="action-resize"
          disabled={!can.resize || pending || plan === currentPlan}
          onClick={() => run("resize", { plan })}
          className={primaryButton}
        >
          Change plan
        </button>
      </div>
    </div>
  );
}

function ReinstallCard({ can, templates, currentTemplate }: { can: AvailableActions; templates: { slug: string; name: string }[]; currentTemplate: string }) {
  const { run, pending } = useServerActions();
  const [confirming, setConfirming] = useState(false);
  const [template, setTemplate] = useState(currentTemplate);
  return (
    <div className="flex h-full flex-col gap-4 p-5">
      <p className="text-sm text-slate-600">Replace the operating system with a fresh copy of a template. The server keeps its addresses and plan.</p>
      {confirming ? (
        <div className="space-y-3 rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-600/25" data-testid="reinstall-confirmation">
          <p className="text-sm font-semibold text-amber-900">Are you sure? All data on the server will be erased.</p>
          <p className="text-xs text-amber-800">Files, users and installed software are replaced by the template. This cannot be undone.</p>
          <div>
            <label htmlFor="reinstall-template" className="text-xs font-semibold uppercase tracking-wide text-amber-900/80">
              Template
            </label>
            <select
              id="reinstall-template"
              data-testid="reinstall-template"
              value={template}
              onChange={(event) => setTemplate(event.target.value)}
              className="mt-1.5 block w-full rounded-lg border-0 bg-white py-2 pl-3 pr-8 text-sm text-slate-900 ring-1 ring-inset ring-amber-300 focus:ring-2 focus:ring-amber-600"
            >
              {templates.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.name}
                  {option.slug === currentTemplate ? " (current)" : ""}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              data-testid="action-reinstall-confirm"
              disabled={!can.reinstall || pending}
              onClick={() => run("reinstall", { template })}
              className={dangerButton}
            >
              Erase and reinstall
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={secondaryButton}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <RefusalAlert types={["reinstall"]} />
      {!confirming ? (
        <div className="mt-auto">
          <button type="button" data-testid="action-reinstall" disabled={!can.reinstall || pending} onClick={() => setConfirming(true)} className={secondaryButton}>
            Reinstall…
          </button>
        </div>
      ) : null}
    </div>
  );
}

function TerminateCard({ can }: { can: AvailableActions }) {
  const { run, pending, hostname } = useServerActions();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const matches = typed.trim() === hostname;
  return (
    <div className="flex h-full flex-col gap-4 p-5">
      <p className="text-sm text-slate-600">Permanently destroy the server and its disk, and release its addresses. This cannot be undone.</p>
      {confirming ? (
        <div className="space-y-3 rounded-lg bg-rose-50 p-4 ring-1 ring-inset ring-rose-600/20" data-testid="terminate-confirmation">
          <label htmlFor="terminate-hostname" className="block text-sm text-rose-900">
            Type <span className="rounded bg-white px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ring-rose-200">{hostname}</span> to confirm.
          </label>
          <input
            id="terminate-hostname"
            data-testid="terminate-hostname"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder={hostname}
            className="block w-full rounded-lg border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-rose-300 placeholder:text-slate-300 focus:ring-2 focus:ring-rose-600"
          />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              data-testid="action-terminate-confirm"
              disabled={!can.terminate || pending || !matches}
              onClick={() => run("terminate", { confirmHostname: typed.trim() })}
              className={dangerButton}
            >
              Terminate forever
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                setTyped("");
              }}
              className={secondaryButton}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <RefusalAlert types={["terminate"]} />
      {!confirming ? (
        <div className="mt-auto">
          <button type="button" data-testid="action-terminate" disabled={!can.terminate || pending} onClick={() => setConfirming(true)} className={dangerButton}>
            Terminate…
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ManageCard({ title, description, tone = "default", children }: { title: string; description: string; tone?: "default" | "danger"; children: ReactNode }) {
  return (
    <section className={`flex flex-col rounded-xl border bg-white shadow-sm ${tone === "danger" ? "border-rose-200" : "border-slate-200"}`}>
      <header className={`border-b px-5 py-4 ${tone === "danger" ? "border-rose-100" : "border-slate-100"}`}>
        <h2 className={`text-sm font-semibold ${tone === "danger" ? "text-rose-700" : "text-slate-900"}`}>{title}</h2>
        <p className="mt-0.5 text-xs text-slate-500">{description}</p>
      </header>
      <div className="flex-1">{children}</div>
    </section>
  );
}

/** Change plan, reinstall and terminate; confirm steps close once an action has been accepted. */
export function ManageControls({ can, plans, currentPlan, templates, currentTemplate }: {
  can: AvailableActions;
  plans: PlanOption[];
  currentPlan: string;
  templates: { slug: string; name: string }[];
  currentTemplate: string;
}) {
  const { state } = useServerActions();
  const reset = state.job?.id ?? "none";
  return (
    <div className="grid items-stretch gap-6 lg:grid-cols-3">
      <ManageCard title="Change plan" description="More or fewer resources; applied live">
        <ResizeCard key={reset} can={can} plans={plans} currentPlan={currentPlan} />
      </ManageCard>
      <ManageCard title="Reinstall" description="Start over from a clean template">
        <ReinstallCard key={reset} can={can} templates={templates} currentTemplate={currentTemplate} />
      </ManageCard>
      <ManageCard title="Terminate" description="Delete this server for good" tone="danger">
        <TerminateCard key={reset} can={can} />
      </ManageCard>
    </div>
  );
}
