"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { OrderProgress } from "@/lib/orders/order-views";
import { StatusBadge } from "../../../_components/ui";

const pollIntervalMs = 1000;

function isFinished(status: string) {
  return status === "completed" || status === "failed";
}

/** Polls GET /api/orders/:id/progress every second until the order completes or fails. */
export function OrderProgressPanel({ orderId, initial }: { orderId: string; initial: OrderProgress }) {
  const [progress, setProgress] = useState<OrderProgress>(initial);
  const [connectionProblem, setConnectionProblem] = useState(false);

  useEffect(() => {
    if (isFinished(progress.status)) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/progress`, { cache: "no-store" });
        if (response.status === 401) {
          window.location.assign(`/signin?callbackUrl=${encodeURIComponent(`/orders/${orderId}`)}`);
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const next = (await response.json()) as OrderProgress;
        if (!cancelled) {
          setProgress(next);
          setConnectionProblem(false);
        }
      } catch {
        if (!cancelled) {
          setConnectionProblem(true);
          // Same state object, new identity: schedules the next poll.
          setProgress((current) => ({ ...current }));
        }
      }
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [orderId, progress]);

  const { status, step, error, serverId } = progress;
  const failed = status === "failed";
  const completed = status === "completed";
  const percent = Math.round(progress.progress);
  const barColour = failed ? "bg-rose-500" : completed ? "bg-emerald-500" : "bg-indigo-600";

  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h2 className="text-base font-semibold text-slate-900">
            {completed ? "Your server is ready" : failed ? "Provisioning failed" : "Provisioning your server"}
          </h2>
          <p className="mt-1 text-sm text-slate-500">
            {completed
              ? "Everything is set up. Your server is running."
              : failed
                ? "We could not finish setting up this server."
                : "This usually takes less than a minute. You can leave this page; we'll keep going."}
          </p>
        </div>
        <StatusBadge status={status} testId="order-status" />
      </div>

      <div className="mt-6" data-testid="order-progress" data-progress={percent}>
        <div className="mb-2 flex items-center justify-between text-sm">
          <span className="font-medium text-slate-700" data-testid="order-step">
            {step ?? (failed ? "Stopped" : "Queued")}
          </span>
          <span className="tabular-nums text-slate-500">{percent}%</span>
        </div>
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label="Provisioning progress"
          className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
        >
          <div
            className={`h-full rounded-full transition-[width] duration-700 ease-out ${barColour} ${!completed && !failed ? "bg-[length:1rem_1rem] bg-[linear-gradient(45deg,rgba(255,255,255,.18)_25%,transparent_25%,transparent_50%,rgba(255,255,255,.18)_50%,rgba(255,255,255,.18)_75%,transparent_75%)]" : ""}`}
            style={{ width: `${Math.max(percent, failed ? 100 : 3)}%` }}
          />
        </div>
      </div>

      {failed ? (
        <div role="alert" className="mt-6 rounded-lg bg-rose-50 p-4 ring-1 ring-inset ring-rose-600/20">
          <p className="text-sm font-semibold text-rose-800">Reason</p>
          <p className="mt-1 text-sm text-rose-700" data-testid="order-error">
            {error ?? "Provisioning failed."}
          </p>
          <div className="mt-4 flex gap-3">
            <Link href="/order" className="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-rose-700 ring-1 ring-inset ring-rose-300 hover:bg-rose-50">
              Try another order
            </Link>
          </div>
        </div>
      ) : null}

      {completed && serverId ? (
        <div className="mt-6 flex items-center justify-between gap-4 rounded-lg bg-emerald-50 p-4 ring-1 ring-inset ring-emerald-600/20">
          <p className="text-sm text-emerald-800">Your server is up and has its addresses.</p>
          <Link
            href={`/servers/${serverId}`}
            data-testid="order-server-link"
            className="shrink-0 rounded-lg bg-emerald-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-500"
          >
            Open server →
          </Link>
        </div>
      ) : null}

      {connectionProblem && !isFinished(status) ? (
        <p className="mt-4 text-xs text-amber-700">Connection hiccup while checking progress; retrying…</p>
      ) : null}
    </section>
  );
}
