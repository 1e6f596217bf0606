"use client";

import { useActionState, useState } from "react";
import { CopyButton } from "../../../_components/copy-button";
import { inputStyles, primaryButton, SelectField } from "../../../_components/fields";
import { initialActionState } from "@/lib/panel/action-state";
import { createTokenAction } from "./actions";

const expiryChoices = [
  { value: "", label: "No expiry" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
];

/**
 * Name a token, choose what it may do (scope, servers, source ranges, expiry) and create it; the
 * token is then shown once, with a warning and a copy button.
 */
export function CreateTokenForm({ servers }: { servers: { id: string; hostname: string }[] }) {
  const [state, formAction, pending] = useActionState(createTokenAction, initialActionState);
  const [hidden, setHidden] = useState<number | null>(null);
  const created = hidden !== state.attempt ? state.result : null;
  // A refusal about the name is shown without the field name it starts with.
  const error = state.fieldErrors.name ?? state.fieldErrors.serverIds ?? state.fieldErrors.sourceRanges ?? state.fieldErrors.expiresInDays ?? state.error;

  return (
    <div className="space-y-5">
      <form action={formAction} className="space-y-4">
        <div>
          <label htmlFor="token-name" className="block text-sm font-medium text-slate-700">
            Token name
          </label>
          <input
            id="token-name"
            name="name"
            data-testid="token-name"
            required
            maxLength={100}
            placeholder="e.g. deploy script"
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "token-error" : undefined}
            className={inputStyles}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Scope"
            name="scope"
            testId="token-scope"
            defaultValue="full"
            options={[
              { value: "full", label: "Full: everything you may do" },
              { value: "read", label: "Read-only: look, never change" },
            ]}
          />
          <SelectField label="Expires after" name="expiresInDays" testId="token-expiry" defaultValue="" options={expiryChoices} />
        </div>
        <div>
          <label htmlFor="token-source-ranges" className="block text-sm font-medium text-slate-700">
            Only from these addresses <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="token-source-ranges"
            name="sourceRanges"
            data-testid="token-source-ranges"
            placeholder="e.g. 192.0.2.0/24, 2001:db8::/32"
            autoComplete="off"
            className={inputStyles}
          />
          <p className="mt-1 text-xs text-slate-500">IPv4 or IPv6 ranges, separated by commas; empty: from anywhere.</p>
        </div>
        {servers.length > 0 ? (
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">
              Only these servers <span className="font-normal text-slate-500">(optional; none ticked: all your servers, and new orders)</span>
            </legend>
            <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
              {servers.map((server) => (
                <label key={server.id} className="inline-flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="serverIds" value={server.id} data-testid="token-server" className="size-4 rounded border-slate-300 text-indigo-600" />
                  {server.hostname}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <button
          type="submit"
          data-testid="token-create"
          disabled={pending}
          className={primaryButton}
        >
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {error ? (
        <p id="token-error" role="alert" className="text-sm text-rose-600" data-testid="token-error">
          {error}
        </p>
      ) : null}
      {created ? <NewToken token={created.token} name={created.name} onDone={() => setHidden(state.attempt)} /> : null}
    </div>
  );
}

function NewToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  return (
    <div className="rounded-xl bg-emerald-50 p-5 ring-1 ring-inset ring-emerald-600/20" data-testid="token-created">
      <p className="text-sm font-semibold text-emerald-900">Token “{name}” created</p>
      <p className="mt-1 flex items-center gap-1.5 text-sm text-amber-800">
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0 text-amber-500" aria-hidden>
          <path fillRule="evenodd" d="M8.5 3.5a1.7 1.7 0 0 1 3 0l6 10.5A1.7 1.7 0 0 1 16 16.5H4A1.7 1.7 0 0 1 2.5 14l6-10.5ZM10 7a.75.75 0 0 1 .75.75v3a.75.75 0 0 1-1.5 0v-3A.75.75 0 0 1 10 7Zm0 7a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
        </svg>
        Copy it now: this is the only time it is shown. We keep only a hash of it.
      </p>
      <div className="mt-3 flex items-center gap-2">
        <code
          id="new-token-value"
          data-testid="token-value"
          className="block min-w-0 flex-1 select-all overflow-x-auto whitespace-nowrap rounded-lg bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-emerald-600/20"
        >
          {token}
        </code>
        <CopyButton value={token} targetId="new-token-value" testId="token-copy" />
      </div>
      <p className="mt-3 text-xs text-emerald-800">
        Use it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> with the REST API at <code className="font-mono">/api/v1</code>.
      </p>
      <button type="button" onClick={onDone} className="mt-3 text-sm font-medium text-emerald-800 hover:text-emerald-950">
        I have copied it
      </button>
    </div>
  );
}
