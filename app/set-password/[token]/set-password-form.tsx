"use client";

import { useState, type FormEvent } from "react";
import { authButtonClass, authInputClass, AuthNotice } from "../../_components/auth-card";
import { postPublicForm } from "../../_components/post-public-form";

export function SetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password !== repeat) return setError("The two passwords differ.");
    setPending(true);
    const answer = await postPublicForm("/api/password-links", { token, password });
    setPending(false);
    if (answer.ok) setDone(true);
    else setError(answer.message);
  }

  if (done) {
    return (
      <AuthNotice tone="success" testId="set-password-done">
        Your password is set. <a href="/signin" className="font-medium underline">Sign in</a>
      </AuthNotice>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error ? <AuthNotice tone="error" testId="set-password-error">{error}</AuthNotice> : null}
      <label className="block font-medium text-slate-700">
        New password
        <input type="password" name="password" autoComplete="new-password" required minLength={10} maxLength={72} value={password} onChange={(event) => setPassword(event.target.value)} className={authInputClass} />
      </label>
      <label className="block font-medium text-slate-700">
        Repeat it
        <input type="password" name="repeat" autoComplete="new-password" required value={repeat} onChange={(event) => setRepeat(event.target.value)} className={authInputClass} />
      </label>
      <p className="text-xs text-slate-500">10 to 72 characters.</p>
      <button type="submit" disabled={pending} className={authButtonClass}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
