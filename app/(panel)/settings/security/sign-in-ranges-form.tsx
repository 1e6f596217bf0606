"use client";

import { useActionState } from "react";
import { inputStyles, primaryButton } from "../../../_components/fields";
import { initialActionState } from "@/lib/panel/action-state";
import { setSignInRangesAction } from "./sign-in-ranges-actions";

/** The account's sign-in ranges, one a line or separated by commas; empty signs in from anywhere. */
export function SignInRangesForm({ ranges, currentAddress }: { ranges: string[]; currentAddress: string | null }) {
  const [state, formAction, pending] = useActionState(setSignInRangesAction, initialActionState);
  const saved = state.ok ? state.result?.ranges : null;
  const error = state.ok ? null : (Object.values(state.fieldErrors)[0] ?? state.error);

  return (
    <form action={formAction} className="space-y-3">
      <div>
        <label htmlFor="sign-in-ranges" className="block text-sm font-medium text-slate-700">
          Allowed addresses
        </label>
        <textarea
          id="sign-in-ranges"
          name="ranges"
          rows={3}
          data-testid="sign-in-ranges"
          defaultValue={(saved ?? ranges).join("\n")}
          placeholder={"e.g. 192.0.2.0/24\n2001:db8::/32"}
          aria-invalid={error ? true : undefined}
          aria-describedby="sign-in-ranges-hint"
          className={`${inputStyles} font-mono`}
        />
        <p id="sign-in-ranges-hint" className="mt-1 text-xs text-slate-500">
          IPv4 or IPv6 ranges, one a line; leave empty to sign in from anywhere. You are signing in from{" "}
          <code className="font-mono">{currentAddress ?? "an unknown address"}</code>, which must be in one of them. Sessions already open stay open.
        </p>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-rose-600" data-testid="sign-in-ranges-error">
          {error}
        </p>
      ) : null}
      {saved ? (
        <p role="status" className="text-sm text-emerald-700" data-testid="sign-in-ranges-saved">
          {saved.length > 0 ? `Sign-in is limited to ${saved.join(", ")}.` : "You may sign in from anywhere."}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={primaryButton} data-testid="sign-in-ranges-save">
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
