"use client";

import { useState, type FormEvent } from "react";
import { authButtonClass, authInputClass, AuthNotice } from "../../_components/auth-card";
import { postPublicForm } from "../../_components/post-public-form";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setAnswer(await postPublicForm("/api/password-reset-requests", { email }));
    setPending(false);
  }

  if (answer?.ok) return <AuthNotice tone="success" testId="forgot-password-sent">{answer.message}</AuthNotice>;
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {answer ? <AuthNotice tone="error" testId="forgot-password-error">{answer.message}</AuthNotice> : null}
      <label className="block font-medium text-slate-700">
        Email
        <input type="email" name="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} className={authInputClass} />
      </label>
      <button type="submit" disabled={pending} className={authButtonClass}>
        {pending ? "Sending…" : "Send me a link"}
      </button>
    </form>
  );
}
