import type { readPortForwards } from "@/lib/port-forwards/port-forwards";
import { ActionForm } from "@/app/_components/action-form";
import { inputStyles } from "@/app/_components/fields";
import { Card, EmptyNote } from "@/app/_components/ui";
import { savePortForwardsAction } from "./port-forward-actions";

type PortForwards = Awaited<ReturnType<typeof readPortForwards>>;

/** A NAT server's forwarded ports; the admin, who sets them, also gets the editor. */
export function PortForwardsCard({ serverId, forwards, editable }: { serverId: string; forwards: PortForwards; editable: boolean }) {
  return (
    <Card title="Port forwards" description="Ports of the host's public address that reach this server's private address" className="mt-6">
      {forwards.portForwards.length === 0 ? (
        <EmptyNote testId="port-forwards-empty">No ports are forwarded to this server.</EmptyNote>
      ) : (
        <ul className="divide-y divide-slate-100">
          {forwards.portForwards.map((forward) => (
            <li key={`${forward.protocol}/${forward.publicPort}`} data-testid="port-forward-row" className="flex items-center gap-3 px-5 py-3 text-sm">
              <span className="w-10 font-medium uppercase text-slate-500">{forward.protocol}</span>
              {forwards.publicAddress ? (
                <code className="font-mono text-slate-800">
                  {forwards.publicAddress}:{forward.publicPort}
                </code>
              ) : (
                // The admin has not named the host's public address yet.
                <span className="text-slate-800">host port {forward.publicPort}</span>
              )}
              <span aria-hidden className="text-slate-400">
                →
              </span>
              <span className="text-slate-700">server port {forward.port}</span>
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <div className="border-t border-slate-100 px-5 py-5">
          <ActionForm action={savePortForwardsAction} hidden={{ serverId }} submitLabel="Save forwards" pendingLabel="Saving…" testId="port-forwards-save">
            <div>
              <label htmlFor="port-forwards" className="block text-sm font-medium text-slate-700">
                Forwards (admins only)
              </label>
              <textarea
                id="port-forwards"
                name="portForwards"
                rows={4}
                data-testid="port-forwards-input"
                defaultValue={forwards.portForwards.map((forward) => `${forward.protocol} ${forward.publicPort} ${forward.port}`).join("\n")}
                placeholder="tcp 18080 8080"
                spellCheck={false}
                className={`${inputStyles} font-mono`}
              />
              <p className="mt-1 text-xs text-slate-500">One a line: protocol, the host&apos;s public port, the server&apos;s port. Saving replaces them all; an empty list closes every forward.</p>
            </div>
          </ActionForm>
        </div>
      ) : null}
    </Card>
  );
}
