"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import type { PanelAction } from "@/lib/panel/panel-action";

const buttonStyles = {
  primary: "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 px-3.5 py-2",
  secondary: "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 px-3 py-1.5",
  danger: "bg-white text-rose-600 ring-1 ring-inset ring-rose-200 hover:bg-rose-50 px-2.5 py-1",
  small: "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 px-2.5 py-1",
} as const;

export interface ActionFormProps<Result extends string | null> {
  /** A panel action whose result, when it worked, is the line to show (or nothing). */
  action: PanelAction<Result>;
  children?: ReactNode;
  /** Hidden fields, e.g. the id of the row the button acts on. */
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel?: string;
  /** data-testid of the submit button. */
  testId?: string;
  variant?: keyof typeof buttonStyles;
  className?: string;
  /** Clears the fields after a success (create forms). */
  resetOnSuccess?: boolean;
  /** Closes the <details> the form sits in after a success (edit forms). */
  closeOnSuccess?: boolean;
  /** Where the answer is shown: under the fields, or next to a lone button. */
  compact?: boolean;
  /** For what cannot be undone: the button first asks, and this labels the button that submits (testId-confirm). */
  confirmLabel?: string;
}

/**
 * A form whose panel action answers an ActionState with a message: shows its error or message, keeps what was
 * typed when refused (submitting without React's automatic reset) and disables itself while pending.
 */
export function ActionForm<Result extends string | null>({
  action,
  children,
  hidden = {},
  submitLabel,
  pendingLabel,
  testId,
  variant = "primary",
  className = "",
  resetOnSuccess = false,
  closeOnSuccess = false,
  compact = false,
  confirmLabel,
}: ActionFormProps<Result>) {
  const [state, dispatch, pending] = useActionState(action, initialActionState as ActionState<Result>);
  const form = useRef<HTMLFormElement>(null);
  const [confirming, setConfirming] = useState(false);
  const buttonClass = `inline-flex items-center justify-center whitespace-nowrap rounded-lg text-sm font-semibold disabled:opacity-60 ${buttonStyles[variant]}`;

  useEffect(() => {
    if (state.attempt === 0 || state.error) return;
    if (resetOnSuccess) form.current?.reset();
    if (closeOnSuccess) form.current?.closest("details")?.removeAttribute("open");
  }, [state, resetOnSuccess, closeOnSuccess]);

  return (
    <form
      ref={form}
      className={compact ? `inline-flex flex-col items-end gap-1 ${className}` : `space-y-4 ${className}`}
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData(event.currentTarget);
        setConfirming(false);
        startTransition(() => dispatch(formData));
      }}
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div className={compact ? "" : "flex flex-wrap items-center gap-3"}>
        {confirmLabel && confirming ? (
          <span className="inline-flex gap-2">
            <button type="submit" data-testid={testId ? `${testId}-confirm` : undefined} className={`${buttonClass} !bg-rose-600 !text-white !ring-rose-600 hover:!bg-rose-500`}>
              {confirmLabel}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={`${buttonClass} ${buttonStyles.small}`}>
              Cancel
            </button>
          </span>
        ) : (
          <button
            type={confirmLabel ? "button" : "submit"}
            onClick={confirmLabel ? () => setConfirming(true) : undefined}
            data-testid={testId}
            disabled={pending}
            className={buttonClass}
          >
            {pending ? (pendingLabel ?? `${submitLabel}…`) : submitLabel}
          </button>
        )}
        {compact ? null : <FormMessage state={state} />}
      </div>
      <FormError state={state} compact={compact} />
    </form>
  );
}

/** What an action reported after a success (form-message), next to the submit button. */
export function FormMessage({ state }: { state: ActionState<unknown> }) {
  if (!state.ok || typeof state.result !== "string") return null;
  return (
    <p role="status" className="text-sm text-emerald-700" data-testid="form-message">
      {state.result}
    </p>
  );
}

/** Why an action refused (form-error), under the form; compact forms show it small, right-aligned. */
export function FormError({ state, compact = false }: { state: ActionState<unknown>; compact?: boolean }) {
  if (!state.error) return null;
  return (
    <p role="alert" className={`text-rose-600 ${compact ? "max-w-xs text-right text-xs" : "text-sm"}`} data-testid="form-error">
      {state.error}
    </p>
  );
}
