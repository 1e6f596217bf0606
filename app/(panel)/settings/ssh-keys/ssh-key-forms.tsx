"use client";

import { useActionState } from "react";
import { inputStyles, primaryButton } from "../../../_components/fields";
import { initialActionState } from "@/lib/panel/action-state";
import { addSshKeyAction } from "./actions";

const inputClass = `${inputStyles} aria-[invalid=true]:ring-rose-400`;

export function AddSshKeyForm() {
  const [state, formAction, pending] = useActionState(addSshKeyAction, initialActionState);
  const errorFor = (field: string) => state.fieldErrors[field] ?? null;

  return (
    // Remounted after each attempt: empty after a key was added, as typed after an error.
    <form key={state.attempt} action={formAction} className="space-y-4">
      <div>
        <label htmlFor="ssh-key-name" className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <input id="ssh-key-name" name="name" data-testid="ssh-key-name" defaultValue={state.values.name ?? ""} required maxLength={100} placeholder="e.g. work laptop" autoComplete="off" aria-invalid={errorFor("name") ? true : undefined} className={`${inputClass} sm:max-w-sm`} />
        {errorFor("name") ? (
          <p role="alert" className="mt-1.5 text-sm text-rose-600">
            {errorFor("name")}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="ssh-key-value" className="block text-sm font-medium text-slate-700">
          Public key
        </label>
        <textarea
          id="ssh-key-value"
          name="publicKey"
          data-testid="ssh-key-value"
          defaultValue={state.values.publicKey ?? ""}
          required
          rows={4}
          spellCheck={false}
          placeholder="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… you@laptop"
          aria-invalid={errorFor("publicKey") ? true : undefined}
          className={`${inputClass} font-mono text-xs`}
        />
        {errorFor("publicKey") ? (
          <p role="alert" data-testid="ssh-key-error" className="mt-1.5 text-sm text-rose-600">
            {errorFor("publicKey")}
          </p>
        ) : (
          <p className="mt-1.5 text-xs text-slate-500">
            The contents of your <code className="font-mono">~/.ssh/id_ed25519.pub</code> (or id_rsa.pub, id_ecdsa.pub). Ed25519, RSA (2048 bits or more) and ECDSA keys are accepted.
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" data-testid="ssh-key-add" disabled={pending} className={primaryButton}>
          {pending ? "Adding…" : "Add key"}
        </button>
        {state.error && !errorFor("name") && !errorFor("publicKey") ? (
          <p role="alert" data-testid="ssh-key-error" className="text-sm text-rose-600">
            {state.error}
          </p>
        ) : null}
        {state.ok && state.result && !pending ? (
          <p role="status" className="text-sm text-emerald-700">
            Key added: <code className="font-mono text-xs">{state.result}</code>
          </p>
        ) : null}
      </div>
    </form>
  );
}
