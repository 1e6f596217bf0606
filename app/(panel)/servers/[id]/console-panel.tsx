"use client";

import dynamic from "next/dynamic";
import { startTransition, useActionState, useEffect, useState } from "react";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import { openConsoleAction } from "./console-actions";

// xterm.js touches the DOM when it loads: only ever in the browser.
const ConsoleTerminal = dynamic(() => import("./console-terminal"), { ssr: false });

type Ticket = { serverId: string; ticket: string };

/** The server page's console: a button that fetches a ticket, then the terminal on its socket. */
export function ConsolePanel({ serverId }: { serverId: string }) {
  const [state, dispatch, pending] = useActionState(openConsoleAction, initialActionState as ActionState<Ticket>);
  const [session, setSession] = useState<{ ticket: Ticket; attempt: number } | null>(null);
  const [closedWith, setClosedWith] = useState<string | null>(null);
  useEffect(() => {
    if (state.ok && state.result) {
      setSession({ ticket: state.result, attempt: state.attempt });
      setClosedWith(null);
    }
  }, [state]);
  const open = () => {
    const formData = new FormData();
    formData.set("serverId", serverId);
    startTransition(() => dispatch(formData));
  };
  const live = session !== null && closedWith === null;

  return (
    <div className="space-y-3 px-5 py-4">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={open}
          disabled={pending || live}
          data-testid="console-open"
          className="rounded-lg bg-slate-900 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {pending ? "Opening…" : session ? "Reconnect" : "Open console"}
        </button>
        <p className="text-sm text-slate-500" data-testid="console-status" role="status">
          {state.error ?? closedWith ?? (live ? "Connected. The console works even when the server's network does not." : "")}
        </p>
      </div>
      {session ? <ConsoleTerminal key={session.attempt} serverId={session.ticket.serverId} ticket={session.ticket.ticket} onClose={setClosedWith} /> : null}
    </div>
  );
}
