"use client";

import { useEffect, useState } from "react";

export interface SavedKeyChoice {
  id: string;
  name: string;
  fingerprint: string;
}

const readable = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

// Made in the browser and shown here, so the customer sees it before ordering; Berth keeps only its hash.
function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint32Array(20));
  return Array.from(bytes, (value) => readable[value % readable.length]).join("");
}

const inputClass =
  "mt-3 block w-full rounded-lg border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-[invalid]:ring-2 aria-[invalid]:ring-rose-400";

/** SSH keys, root's password and a first-boot script: what the new system is set up with. */
export function AccessFields({ keys, errors }: { keys: SavedKeyChoice[]; errors: { sshKeys?: string; rootPassword?: string; userData?: string } }) {
  const [password, setPassword] = useState("");
  // After mounting only: a value rendered on the server would differ from the browser's.
  useEffect(() => setPassword(generatePassword()), []);

  return (
    <div className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="order-access">
      <div>
        <p className="text-base font-semibold text-slate-900">4. Access</p>
        <p className="mt-1 text-sm text-slate-500">How you will log in as root: over SSH with your keys, or with the password on the console.</p>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">SSH keys</legend>
        {keys.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">
            You have no saved keys. <a href="/settings" className="font-medium text-indigo-600 hover:text-indigo-500">Add one in your settings</a> to log in over SSH.
          </p>
        ) : (
          <div className="mt-2 space-y-2">
            {keys.map((key) => (
              <label key={key.id} className="flex items-center gap-3 text-sm text-slate-700">
                <input type="checkbox" name="sshKeys" value={key.id} defaultChecked className="size-4 rounded border-slate-300 text-indigo-600" />
                <span className="font-medium">{key.name}</span>
                <span className="truncate font-mono text-xs text-slate-500">{key.fingerprint}</span>
              </label>
            ))}
          </div>
        )}
        {errors.sshKeys ? <p role="alert" className="mt-2 text-sm text-rose-600">{errors.sshKeys}</p> : null}
      </fieldset>
      <div>
        <label htmlFor="rootPassword" className="block text-sm font-medium text-slate-900">Root password</label>
        <p className="mt-1 text-sm text-slate-500">Save it now: Berth keeps only a hash and cannot show it again. 12 to 128 characters.</p>
        <div className="flex gap-2">
          <input
            id="rootPassword"
            name="rootPassword"
            type="text"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="new-password"
            spellCheck={false}
            aria-invalid={errors.rootPassword ? true : undefined}
            className={inputClass}
          />
          <button type="button" onClick={() => setPassword(generatePassword())} className="mt-3 rounded-lg px-3 text-sm font-medium text-indigo-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Generate
          </button>
        </div>
        {errors.rootPassword ? <p role="alert" className="mt-2 text-sm text-rose-600">{errors.rootPassword}</p> : null}
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-slate-900">Run a script at first boot (optional)</summary>
        <p className="mt-1 text-sm text-slate-500">A shell script run once as root when the server first starts (systemd images); its output is kept on the server page.</p>
        <textarea name="userData" rows={6} spellCheck={false} placeholder={"#!/bin/sh\napt-get install -y nginx"} aria-invalid={errors.userData ? true : undefined} className={inputClass} />
        {errors.userData ? <p role="alert" className="mt-2 text-sm text-rose-600">{errors.userData}</p> : null}
      </details>
    </div>
  );
}
