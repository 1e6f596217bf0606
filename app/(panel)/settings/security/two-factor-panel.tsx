"use client";

import { useActionState, useState } from "react";
import { CopyButton } from "../../../_components/copy-button";
import { primaryButton } from "../../../_components/fields";
import { Pill } from "../../../_components/ui";
import { confirmEnrolmentAction, disableTotpAction, regenerateCodesAction, startEnrolmentAction } from "./actions";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";

const inputClass =
  "block w-full rounded-lg border-0 px-3 py-2 font-mono text-sm tracking-widest text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 placeholder:tracking-normal focus:ring-2 focus:ring-indigo-600";
const secondaryButton =
  "inline-flex items-center justify-center rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

/** Why an action refused: under the code field the message names it by, else as it was said. */
function ErrorLine({ state, testId }: { state: ActionState<unknown>; testId?: string }) {
  const message = state.fieldErrors.code ?? state.error;
  return message ? (
    <p role="alert" data-testid={testId} className="mt-2 text-sm text-rose-600">
      {message}
    </p>
  ) : null;
}

/**
 * Everything about two-factor sign-in on one card. All action states live here, above the
 * enabled/not-enabled switch, so the recovery codes from a confirmation stay on screen after the
 * page re-renders with two-factor sign-in on.
 */
export function TwoFactorPanel({ enabled, enabledSince, unusedRecoveryCodes }: { enabled: boolean; enabledSince: string | null; unusedRecoveryCodes: number }) {
  const [start, startAction, starting] = useActionState(startEnrolmentAction, initialActionState);
  const [confirm, confirmAction, confirming] = useActionState(confirmEnrolmentAction, initialActionState);
  const [regenerate, regenerateAction, regenerating] = useActionState(regenerateCodesAction, initialActionState);
  const [disable, disableAction, disabling] = useActionState(disableTotpAction, initialActionState);
  const [dismissedAt, setDismissedAt] = useState(0);

  const newest = (regenerate.result?.issuedAt ?? 0) > (confirm.result?.issuedAt ?? 0) ? regenerate.result : confirm.result;
  const showCodes = newest && newest.issuedAt > dismissedAt ? newest.recoveryCodes : null;

  return (
    <div className="divide-y divide-slate-100">
      <div className="flex items-center justify-between gap-4 px-5 py-4">
        <div className="min-w-0">
          <p className="text-sm font-medium text-slate-900">Authenticator app</p>
          <p className="mt-0.5 text-sm text-slate-500">
            {enabled
              ? `Sign-in asks for a code from your app${enabledSince ? ` (on since ${enabledSince})` : ""}. ${unusedRecoveryCodes} unused recovery code${unusedRecoveryCodes === 1 ? "" : "s"} left.`
              : "Sign-in asks only for your password. Add an authenticator app (1Password, Google Authenticator, Authy…) for a second step."}
          </p>
        </div>
        {enabled ? (
          <Pill tone="emerald" testId="totp-enabled">enabled</Pill>
        ) : (
          <Pill tone="slate" testId="totp-disabled">off</Pill>
        )}
      </div>

      {showCodes ? <RecoveryCodes codes={showCodes} onDone={() => setDismissedAt(newest?.issuedAt ?? 0)} /> : null}

      {enabled ? (
        <>
          <div className="px-5 py-5">
            <h3 className="text-sm font-semibold text-slate-900">New recovery codes</h3>
            <p className="mt-1 text-sm text-slate-500">Replaces all your recovery codes, used or not. Enter the current code from your app.</p>
            <form action={regenerateAction} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-start">
              <div className="sm:w-48">
                <label htmlFor="regenerate-code" className="sr-only">
                  Authentication code
                </label>
                <input id="regenerate-code" name="code" data-testid="recovery-regenerate-code" inputMode="numeric" autoComplete="one-time-code" required maxLength={6} placeholder="6-digit code" className={inputClass} />
              </div>
              <button type="submit" data-testid="recovery-regenerate" disabled={regenerating} className={secondaryButton}>
                {regenerating ? "Generating…" : "Generate new codes"}
              </button>
            </form>
            <ErrorLine state={regenerate} testId="recovery-regenerate-error" />
          </div>
          <div className="px-5 py-5">
            <h3 className="text-sm font-semibold text-slate-900">Turn off two-factor sign-in</h3>
            <p className="mt-1 text-sm text-slate-500">Enter a current code from your app, or a recovery code if you lost it. Your recovery codes stop working.</p>
            <form action={disableAction} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-start">
              <div className="sm:w-48">
                <label htmlFor="disable-code" className="sr-only">
                  Authentication or recovery code
                </label>
                <input id="disable-code" name="code" data-testid="totp-disable-code" autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} required maxLength={32} placeholder="Code" className={inputClass} />
              </div>
              <button
                type="submit"
                data-testid="totp-disable"
                disabled={disabling}
                className="inline-flex items-center justify-center rounded-lg px-3.5 py-2 text-sm font-semibold text-rose-600 ring-1 ring-inset ring-rose-200 hover:bg-rose-50 disabled:opacity-60"
              >
                {disabling ? "Turning off…" : "Turn off"}
              </button>
            </form>
            <ErrorLine state={disable} testId="totp-disable-error" />
          </div>
        </>
      ) : start.result && confirm.result?.startAttempt !== start.attempt ? (
        <div className="grid gap-6 px-5 py-5 md:grid-cols-[auto_1fr]">
          <img src={start.result.qrCodeDataUrl} alt="QR code for your authenticator app" data-testid="totp-qr" width={224} height={224} className="rounded-lg ring-1 ring-slate-200" />
          <div className="min-w-0">
            <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-600">
              <li>Scan the QR code with your authenticator app.</li>
              <li>Or type this key into it by hand (time-based, 6 digits, 30 seconds):</li>
            </ol>
            <div className="mt-2 flex items-center gap-2">
              <code id="totp-secret-value" data-testid="totp-secret" className="block min-w-0 select-all overflow-x-auto whitespace-nowrap rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm tracking-wider text-slate-900 ring-1 ring-inset ring-slate-200">
                {start.result.secret.replace(/(.{4})/g, "$1 ").trim()}
              </code>
              <CopyButton value={start.result.secret} targetId="totp-secret-value" />
            </div>
            <form action={confirmAction} className="mt-5">
              <input type="hidden" name="startAttempt" value={start.attempt} />
              <label htmlFor="totp-code" className="block text-sm font-medium text-slate-700">
                3. Enter the code the app shows
              </label>
              <div className="mt-1.5 flex flex-col gap-3 sm:flex-row sm:items-start">
                <div className="sm:w-48">
                  <input id="totp-code" name="code" data-testid="totp-code" inputMode="numeric" autoComplete="one-time-code" required maxLength={6} placeholder="123456" className={inputClass} />
                </div>
                <button type="submit" data-testid="totp-confirm" disabled={confirming} className={primaryButton}>
                  {confirming ? "Checking…" : "Turn on"}
                </button>
              </div>
              <ErrorLine state={confirm} testId="totp-confirm-error" />
            </form>
          </div>
        </div>
      ) : (
        <div className="px-5 py-5">
          <form action={startAction}>
            <button type="submit" data-testid="totp-start" disabled={starting} className={primaryButton}>
              {starting ? "Preparing…" : "Set up authenticator app"}
            </button>
          </form>
          <ErrorLine state={start} />
        </div>
      )}
    </div>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = codes.join("\n");
  return (
    <div className="bg-amber-50/60 px-5 py-5">
      <p className="text-sm font-semibold text-amber-900">Save your recovery codes</p>
      <p className="mt-1 text-sm text-amber-800">
        Each code signs you in once if you lose your authenticator app. This is the only time they are shown: keep them somewhere safe, like a password manager.
      </p>
      <ol id="recovery-codes-list" data-testid="recovery-codes" className="mt-4 grid max-w-md grid-cols-2 gap-x-6 gap-y-1.5 rounded-lg bg-white p-4 font-mono text-sm text-slate-900 ring-1 ring-inset ring-amber-600/20">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <CopyButton value={text} targetId="recovery-codes-list" label="Copy codes" />
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`Berth recovery codes\n\n${text}\n`)}`}
          download="berth-recovery-codes.txt"
          className="inline-flex items-center rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Download
        </a>
        <button type="button" onClick={onDone} data-testid="recovery-codes-done" className="text-sm font-medium text-amber-900 hover:text-amber-950">
          I have saved them
        </button>
      </div>
    </div>
  );
}
