"use client";

import { useActionState, useState, type ReactNode } from "react";
import { inputStyles, primaryButton } from "../../../_components/fields";
import { changePasswordAction, updateProfileAction } from "./actions";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";

const inputClass = `${inputStyles} aria-[invalid=true]:ring-rose-400`;
const buttonClass = primaryButton;

/** A labelled input with its error (when the action's error is about `field`, default `id`) or hint. */
function Field({ id, field = id, label, hint, state, children }: { id: string; field?: string; label: string; hint?: ReactNode; state: ActionState<null>; children: ReactNode }) {
  const error = state.fieldErrors[field];
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-sm text-rose-600">
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1.5 text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

/** The button, and the action's answer unless it is shown under one of the form's `fields`. */
function FormFooter({ state, fields, pending, testId, label, savedText }: { state: ActionState<null>; fields: readonly string[]; pending: boolean; testId: "profile-save" | "password-save"; label: string; savedText: string }) {
  return (
    <div className="flex flex-wrap items-center gap-4">
      <button type="submit" data-testid={testId} disabled={pending} className={buttonClass}>
        {pending ? "Saving…" : label}
      </button>
      {state.error && !fields.some((field) => state.fieldErrors[field]) ? (
        <p role="alert" className="text-sm text-rose-600">
          {state.error}
        </p>
      ) : null}
      {state.ok && !pending ? (
        <p role="status" data-testid={testId === "profile-save" ? "profile-saved" : "password-saved"} className="text-sm text-emerald-700">
          {savedText}
        </p>
      ) : null}
    </div>
  );
}

const invalid = (state: ActionState<null>, id: string) => (state.fieldErrors[id] ? true : undefined);

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const [state, formAction, pending] = useActionState(updateProfileAction, initialActionState as ActionState<null>);
  // Controlled, so a refused save keeps what was typed (React resets uncontrolled fields).
  const [typedName, setTypedName] = useState(name);
  const [typedEmail, setTypedEmail] = useState(email);
  const emailChanging = typedEmail.trim().toLowerCase() !== email;

  return (
    <form action={formAction} className="space-y-5">
      <Field id="name" label="Name" state={state}>
        <input id="name" name="name" value={typedName} onChange={(event) => setTypedName(event.target.value)} required maxLength={200} autoComplete="name" aria-invalid={invalid(state, "name")} className={inputClass} />
      </Field>
      <Field id="email" label="Email" hint="You sign in with this address." state={state}>
        <input id="email" name="email" type="email" value={typedEmail} onChange={(event) => setTypedEmail(event.target.value)} required maxLength={254} autoComplete="email" aria-invalid={invalid(state, "email")} className={inputClass} />
      </Field>
      {emailChanging || state.fieldErrors.currentPassword ? (
        <Field id="currentPassword" label="Current password" hint="Needed to change the address you sign in with." state={state}>
          <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" aria-invalid={invalid(state, "currentPassword")} className={inputClass} />
        </Field>
      ) : null}
      <FormFooter state={state} fields={["name", "email", "currentPassword"]} pending={pending} testId="profile-save" label="Save profile" savedText="Profile saved." />
    </form>
  );
}

export function PasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, initialActionState as ActionState<null>);
  return (
    // Keyed by attempt after a success, so the fields clear once the password has changed.
    <form key={state.ok ? state.attempt : "editing"} action={formAction} className="space-y-5">
      <Field id="password-current" field="currentPassword" label="Current password" state={state}>
        <input id="password-current" name="currentPassword" type="password" required autoComplete="current-password" aria-invalid={invalid(state, "currentPassword")} className={inputClass} />
      </Field>
      <Field id="newPassword" label="New password" hint="At least 10 characters." state={state}>
        <input id="newPassword" name="newPassword" type="password" required minLength={10} maxLength={72} autoComplete="new-password" aria-invalid={invalid(state, "newPassword")} className={inputClass} />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" state={state}>
        <input id="confirmPassword" name="confirmPassword" type="password" required autoComplete="new-password" aria-invalid={invalid(state, "confirmPassword")} className={inputClass} />
      </Field>
      <FormFooter state={state} fields={["currentPassword", "newPassword", "confirmPassword"]} pending={pending} testId="password-save" label="Change password" savedText="Password changed." />
    </form>
  );
}
