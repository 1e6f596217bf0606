"use client";

import { useEffect, useState } from "react";
import type { JobView } from "@/lib/servers/server-activity";
import { StatusBadge } from "./ui";

const pollIntervalMs = 1000;

function isFinished(state: string) {
  return state === "completed" || state === "failed";
}

export interface JobProgressProps {
  initial: JobView;
  /** Where the job's progress is read, polled every second until it finishes. */
  pollUrl: string;
  /** The job in what pollUrl answered (null: no longer on record, so it has nothing more to report). */
  readJob: (body: unknown) => JobView | null;
  /** The page to come back to after signing in again, when the session has ended. */
  returnTo: string;
  labels: { name: string; running: string; done: string };
  onFinished?: () => void;
  onDismiss: () => void;
}

/** Live progress of one job: its step, a bar, its state and, once failed, why. */
export function JobProgress({ initial, pollUrl, readJob, returnTo, labels, onFinished, onDismiss }: JobProgressProps) {
  const [job, setJob] = useState<JobView>(initial);
  const [connectionProblem, setConnectionProblem] = useState(false);

  useEffect(() => {
    if (isFinished(job.state)) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(pollUrl, { cache: "no-store" });
        if (response.status === 401) {
          window.location.assign(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body: unknown = await response.json();
        if (cancelled) return;
        const next = readJob(body) ?? { ...job, state: "completed", progress: 100 };
        setConnectionProblem(false);
        setJob(next);
        if (isFinished(next.state)) onFinished?.();
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
  }, [job, pollUrl, readJob, returnTo, onFinished]);

  const failed = job.state === "failed";
  const completed = job.state === "completed";
  const percent = Math.round(completed ? 100 : job.progress);
  const title = completed ? labels.done : failed ? `${labels.name} failed` : `${labels.running}…`;
  const step = completed ? "Done" : failed ? `Stopped at: ${job.step ?? "the first step"}` : (job.step ?? (job.state === "queued" ? "Waiting for a worker" : "Starting"));
  const barColour = failed ? "bg-rose-500" : completed ? "bg-emerald-500" : "bg-indigo-600";

  return (
    <div
      data-testid="action-progress"
      data-state={job.state}
      data-action={job.action ?? ""}
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
          aria-label={`${labels.name} progress`}
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
          {job.error ?? `The ${labels.name.toLowerCase()} failed.`}
        </p>
      ) : null}
      {connectionProblem && !isFinished(job.state) ? <p className="mt-2 text-xs text-amber-700">Connection hiccup while checking progress; retrying…</p> : null}
    </div>
  );
}
