"use client";

import { useActionState, useState } from "react";
import { CopyButton } from "../../../_components/copy-button";
import { initialActionState } from "@/lib/panel/action-state";
import { rotateBillingSecretAction } from "./actions";

/** The signing secret, masked until revealed. */
export function SecretField({ secret }: { secret: string }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <code
        id="billing-secret"
        data-testid="billing-secret"
        data-revealed={revealed ? "true" : "false"}
        className="block min-w-0 flex-1 overflow-x-auto whitespace-nowrap rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-200"
      >
        {revealed ? secret : `${secret.slice(0, 6)}${"•".repeat(28)}`}
      </code>
      <button
        type="button"
        data-testid="billing-secret-reveal"
        onClick={() => setRevealed((value) => !value)}
        className="inline-flex shrink-0 items-center rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
      >
        {revealed ? "Hide" : "Reveal"}
      </button>
      <CopyButton value={secret} label="Copy" testId="billing-secret-copy" />
    </div>
  );
}

/** Rotating breaks the billing system's current secret, so it takes a second click. */
export function RotateSecretButton() {
  const [state, formAction, pending] = useActionState(rotateBillingSecretAction, initialActionState);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-3">
      {confirming ? (
        <form
          action={(formData) => {
            setConfirming(false);
            formAction(formData);
          }}
          className="flex flex-col gap-3 rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-600/25 sm:flex-row sm:items-center sm:justify-between"
        >
          <p className="text-sm text-amber-900">The current secret stops working immediately. Update your billing system right after rotating.</p>
          <div className="flex shrink-0 gap-2">
            <button
              type="submit"
              data-testid="billing-rotate-confirm"
              className="rounded-lg bg-amber-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-amber-500"
            >
              Rotate now
            </button>
            <button
              type="button"
              onClick={() => setConfirming(false)}
              className="rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          data-testid="billing-rotate"
          disabled={pending}
          onClick={() => setConfirming(true)}
          className="rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          {pending ? "Rotating…" : "Rotate secret"}
        </button>
      )}
      {state.ok && !pending ? (
        <p role="status" className="text-sm text-emerald-700" data-testid="billing-rotated">
          New secret created. The old one no longer verifies.
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="text-sm text-rose-600">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
