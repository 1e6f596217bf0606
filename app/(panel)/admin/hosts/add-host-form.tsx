"use client";

import { useActionState } from "react";
import { FormError } from "@/app/_components/action-form";
import { Field, primaryButton } from "@/app/_components/fields";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import { createHostAction } from "./actions";

type CreatedHost = { name: string; joinCommand: string; expiresAt: string };

/** Adds a host waiting for its agent, and shows its join command once. */
export function AddHostForm() {
  const [state, dispatch, pending] = useActionState(createHostAction, initialActionState as ActionState<CreatedHost>);
  return (
    <form action={dispatch} className="space-y-4 px-5 py-5" data-testid="add-host">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Name" name="name" id="add-host-name" required placeholder="e.g. host-2" hint="lowercase letters, digits, dots, hyphens" />
        <Field label="vCPU overcommit" name="vcpuOvercommit" id="add-host-vcpu" type="number" step="0.1" min={1} max={16} placeholder="1" hint="vCPUs per CPU thread" />
        <Field label="Memory overcommit" name="memoryOvercommit" id="add-host-memory" type="number" step="0.1" min={1} max={16} placeholder="1" hint="memory per MiB" />
      </div>
      <button type="submit" disabled={pending} className={primaryButton} data-testid="add-host-submit">
        {pending ? "Adding…" : "Add host"}
      </button>
      {state.ok && state.result ? (
        <div role="status" className="space-y-2 rounded-lg bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="join-command">
          <p>
            Host <span className="font-semibold">{state.result.name}</span> waits for its agent. On it, as root, from Berth&apos;s folder, run this once before{" "}
            {new Date(state.result.expiresAt).toUTCString()} (ADDRESS:7070: where the panel reaches the agent), then start the agent with <code>serve</code>:
          </p>
          <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-white p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">{state.result.joinCommand}</pre>
          <p>It is shown only now.</p>
        </div>
      ) : null}
      <FormError state={state} />
    </form>
  );
}
