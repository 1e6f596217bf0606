"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { describeSignInError } from "@/lib/auth/sign-in-errors";
import { authButtonClass, authInputClass, AuthNotice } from "../../../_components/auth-card";

/** Signs in with the link at once; an account with two-factor sign-in is asked for its code first. */
export function LoginLinkForm({ token, email, next }: { token: string; email: string; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [codeStep, setCodeStep] = useState(false);
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(true);
  const started = useRef(false);

  async function attempt(totp: string) {
    setPending(true);
    setError(null);
    try {
      const result = await signIn("login-link", { token, totp, redirect: false });
      if (result?.ok && !result.error) {
        // A full navigation, so every server component renders with the new session cookie.
        window.location.assign(next);
        return;
      }
      const view = describeSignInError(result?.error ?? "");
      setError(view.message);
      setCodeStep(view.codeStep);
    } catch {
      setError("Could not reach the server. Try again.");
    }
    setPending(false);
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Once, on the first render only (the ref keeps React's development double effect out).
    void attempt("");
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void attempt(code.trim());
  }

  return (
    <div data-testid="login-link">
      {error ? <AuthNotice tone="error" testId="signin-error">{error}</AuthNotice> : null}
      {codeStep ? (
        <form onSubmit={onSubmit} className="mt-4 space-y-4">
          <p>
            Enter the 6-digit code from the authenticator app for <span className="font-medium text-slate-800">{email}</span>, or one of your recovery codes.
          </p>
          <label htmlFor="totp" className="block font-medium text-slate-700">
            Authentication code
            <input id="totp" data-testid="signin-totp" autoComplete="one-time-code" required maxLength={32} value={code} onChange={(event) => setCode(event.target.value)} className={`${authInputClass} font-mono tracking-widest`} />
          </label>
          <button type="submit" disabled={pending} className={authButtonClass} data-testid="signin-submit">
            {pending ? "Verifying…" : "Verify and sign in"}
          </button>
        </form>
      ) : pending ? (
        <p>Signing in as {email}…</p>
      ) : (
        <p>
          <a href="/signin" className="font-medium text-indigo-600">Sign in with your password</a>
        </p>
      )}
    </div>
  );
}
