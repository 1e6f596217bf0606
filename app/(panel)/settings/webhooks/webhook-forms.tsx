"use client";

import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { CopyButton } from "../../../_components/copy-button";
import { inputStyles, primaryButton } from "../../../_components/fields";
import { initialActionState } from "@/lib/panel/action-state";
import { createWebhookAction } from "./actions";

/**
 * The endpoint's URL and the events it hears of; once it is created its signing secret is shown
 * this once, with a copy button (Berth keeps it encrypted and never shows it again).
 */
export function CreateWebhookForm({ events }: { events: { type: string; description: string }[] }) {
  const [state, formAction, pending] = useActionState(createWebhookAction, initialActionState);
  const [hidden, setHidden] = useState<number | null>(null);
  const created = hidden !== state.attempt ? state.result : null;
  const eventsError = Object.entries(state.fieldErrors).find(([field]) => field === "events" || field.startsWith("events."))?.[1];
  const error = state.fieldErrors.url ?? eventsError ?? state.error;
  const form = useRef<HTMLFormElement>(null);
  // Cleared only once the endpoint exists: a refused form keeps what was typed and ticked.
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);

  return (
    <div className="space-y-5">
      <form
        ref={form}
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const formData = new FormData(event.currentTarget);
          startTransition(() => formAction(formData));
        }}
      >
        <div>
          <label htmlFor="webhook-url" className="block text-sm font-medium text-slate-700">
            Endpoint URL
          </label>
          <input
            id="webhook-url"
            name="url"
            data-testid="webhook-url"
            required
            maxLength={2048}
            placeholder="https://billing.example.com/berth-events"
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "webhook-error" : undefined}
            className={inputStyles}
          />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {events.map((event) => (
              <label key={event.type} className="flex items-start gap-2 text-sm text-slate-700">
                <input type="checkbox" name="events" value={event.type} data-testid={`webhook-event-${event.type}`} className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600" />
                <span>
                  <code className="font-mono text-xs font-semibold text-indigo-700">{event.type}</code>
                  <span className="block text-xs text-slate-500">{event.description}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" data-testid="webhook-create" disabled={pending} className={primaryButton}>
          {pending ? "Adding…" : "Add endpoint"}
        </button>
      </form>
      {error ? (
        <p id="webhook-error" role="alert" className="text-sm text-rose-600" data-testid="webhook-error">
          {error}
        </p>
      ) : null}
      {created ? <NewSecret secret={created.secret} url={created.url} onDone={() => setHidden(state.attempt)} /> : null}
    </div>
  );
}

function NewSecret({ secret, url, onDone }: { secret: string; url: string; onDone: () => void }) {
  return (
    <div className="rounded-xl bg-emerald-50 p-5 ring-1 ring-inset ring-emerald-600/20" data-testid="webhook-created">
      <p className="text-sm font-semibold text-emerald-900">Endpoint added: {url}</p>
      <p className="mt-1 text-sm text-amber-800">Copy its signing secret now: this is the only time it is shown.</p>
      <div className="mt-3 flex items-center gap-2">
        <code
          id="new-webhook-secret"
          data-testid="webhook-secret"
          className="block min-w-0 flex-1 select-all overflow-x-auto whitespace-nowrap rounded-lg bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-emerald-600/20"
        >
          {secret}
        </code>
        <CopyButton value={secret} targetId="new-webhook-secret" testId="webhook-secret-copy" />
      </div>
      <button type="button" onClick={onDone} className="mt-3 text-sm font-medium text-emerald-800 hover:text-emerald-950">
        I have copied it
      </button>
    </div>
  );
}
