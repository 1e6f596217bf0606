"use client";

import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { describeSignInError } from "@/lib/auth/sign-in-errors";

const inputClass =
  "mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none";

/**
 * Two steps: email and password, then (for accounts with two-factor sign-in) the authenticator
 * code. Both steps post all three fields to next-auth's credentials provider; the server says
 * "totp_required" when the password was right and a code is needed.
 */
/** `initialError` is a message already described by the page (from ?error=). */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const [codeStep, setCodeStep] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const codeInput = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, totp: codeStep ? code.trim() : "", redirect: false });
      if (!result || result.error || !result.ok) {
        const view = describeSignInError(result?.error ?? "");
        setError(view.message);
        if (view.codeStep && !codeStep) {
          setCodeStep(true);
          // Focus once the code field has rendered.
          setTimeout(() => codeInput.current?.focus(), 0);
        } else if (!view.codeStep && codeStep) {
          // Locked or suspended meanwhile: back to the start.
          setCodeStep(false);
          setCode("");
        } else if (view.codeStep) {
          setCode("");
          codeInput.current?.focus();
        }
        setPending(false);
        return;
      }
      // A full navigation, so every server component renders with the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("Could not reach the server. Try again.");
      setPending(false);
    }
  }

  function backToPassword() {
    setCodeStep(false);
    setCode("");
    setPassword("");
    setError(null);
  }

  return (
    <form onSubmit={onSubmit} className="mt-8 space-y-5" noValidate>
      {error ? (
        <div role="alert" data-testid="signin-error" className="flex items-start gap-2 rounded-lg bg-rose-50 px-3.5 py-3 text-sm text-rose-700 ring-1 ring-inset ring-rose-600/20">
          <svg viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0" aria-hidden>
            <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
          </svg>
          {error}
        </div>
      ) : null}
      {codeStep ? (
        <div data-testid="signin-code-step">
          <div className="rounded-lg bg-slate-50 px-3.5 py-3 text-sm text-slate-600 ring-1 ring-inset ring-slate-200">
            <p className="font-medium text-slate-900">Two-factor authentication</p>
            <p className="mt-1">
              Enter the 6-digit code from the authenticator app for <span className="font-medium text-slate-800">{email}</span>, or one of your recovery codes.
            </p>
          </div>
          <label htmlFor="totp" className="mt-5 block text-sm font-medium text-slate-700">
            Authentication code
          </label>
          <input
            ref={codeInput}
            id="totp"
            name="totp"
            data-testid="signin-totp"
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={32}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            placeholder="123456"
            className={`${inputClass} font-mono tracking-widest`}
          />
        </div>
      ) : (
        <>
          <div>
            <label htmlFor="email" className="block text-sm font-medium text-slate-700">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              className={inputClass}
              placeholder="you@example.com"
            />
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium text-slate-700">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              className={inputClass}
            />
          </div>
        </>
      )}
      <button
        type="submit"
        disabled={pending}
        data-testid="signin-submit"
        className="flex w-full justify-center rounded-lg bg-indigo-600 px-3 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? (codeStep ? "Verifying…" : "Signing in…") : codeStep ? "Verify and sign in" : "Sign in"}
      </button>
      {codeStep ? (
        <button type="button" onClick={backToPassword} className="w-full text-center text-sm font-medium text-slate-500 hover:text-slate-800">
          Use a different account
        </button>
      ) : (
        <p className="text-center text-sm">
          <a href="/signin/forgot" className="font-medium text-indigo-600 hover:text-indigo-500">
            Forgot your password?
          </a>
        </p>
      )}
    </form>
  );
}
