"use client";

import { useActionState } from "react";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import type { PanelAction } from "@/lib/panel/panel-action";

/** A lone button that removes one row of a list (delete a key, revoke a token); a refusal shows under it. */
export function RemoveButton({ action, hidden, label, pendingLabel, ariaLabel, testId }: {
  action: PanelAction<null>;
  /** The id of the row, e.g. { tokenId }. */
  hidden: Record<string, string>;
  label: string;
  pendingLabel: string;
  /** Names the row, since every row's button reads the same. */
  ariaLabel: string;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState as ActionState<null>);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        data-testid={testId}
        disabled={pending}
        aria-label={ariaLabel}
        className="rounded-lg px-2.5 py-1 text-sm font-medium text-rose-600 ring-1 ring-inset ring-rose-200 hover:bg-rose-50 disabled:opacity-60"
      >
        {pending ? pendingLabel : label}
      </button>
      {state.error ? (
        <span role="alert" className="text-xs text-rose-600">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
