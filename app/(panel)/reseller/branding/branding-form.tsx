"use client";

import { startTransition, useActionState, useState } from "react";
import { BerthLogo } from "@/app/_components/ui";
import { FormError, FormMessage } from "@/app/_components/action-form";
import { inputStyles, primaryButton } from "@/app/_components/fields";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import { saveBrandingAction } from "./actions";

const maxLogoBytes = 200 * 1024;
const logoTypes = ["image/png", "image/jpeg", "image/svg+xml"];

/** Brand name and logo with a live preview of the sidebar header customers see. */
export function BrandingForm({ name, logoDataUrl }: { name: string; logoDataUrl: string | null }) {
  const [state, dispatch, pending] = useActionState(saveBrandingAction, initialActionState as ActionState<string>);
  const [brandName, setBrandName] = useState(name);
  // undefined: keep the saved logo; null: remove it; a string: the newly chosen one.
  const [newLogo, setNewLogo] = useState<string | null | undefined>(undefined);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const shownLogo = newLogo === undefined ? logoDataUrl : newLogo;

  function chooseFile(file: File | undefined) {
    setFileProblem(null);
    if (!file) return;
    if (!logoTypes.includes(file.type)) return setFileProblem("The logo must be a PNG, JPEG or SVG image.");
    if (file.size > maxLogoBytes) return setFileProblem(`The logo must be at most 200 KB (this one is ${Math.ceil(file.size / 1024)} KB).`);
    const reader = new FileReader();
    reader.onload = () => setNewLogo(String(reader.result));
    reader.onerror = () => setFileProblem("The file could not be read.");
    reader.readAsDataURL(file);
  }

  return (
    <div className="grid items-start gap-8 lg:grid-cols-2">
      <form
        className="space-y-5"
        onSubmit={(event) => {
          event.preventDefault();
          const formData = new FormData();
          formData.set("name", brandName);
          if (newLogo !== undefined) formData.set("logoDataUrl", newLogo ?? "");
          startTransition(() => dispatch(formData));
        }}
      >
        <div>
          <label htmlFor="brand-name" className="block text-sm font-medium text-slate-700">
            Brand name
          </label>
          <input
            id="brand-name"
            data-testid="brand-name"
            value={brandName}
            onChange={(event) => setBrandName(event.target.value)}
            maxLength={100}
            placeholder="e.g. Acme Hosting"
            className={inputStyles}
          />
          <p className="mt-1 text-xs text-slate-500">Shown instead of “Berth”; leave empty to show Berth.</p>
        </div>
        <div>
          <label htmlFor="brand-logo" className="block text-sm font-medium text-slate-700">
            Logo
          </label>
          <input
            id="brand-logo"
            data-testid="brand-logo"
            type="file"
            accept="image/png,image/jpeg,image/svg+xml"
            onChange={(event) => chooseFile(event.target.files?.[0])}
            className="mt-1.5 block w-full text-sm text-slate-600 file:mr-3 file:rounded-lg file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100"
          />
          <p className="mt-1 text-xs text-slate-500">PNG, JPEG or SVG, at most 200 KB. A square image works best.</p>
          {shownLogo ? (
            <button type="button" onClick={() => setNewLogo(null)} className="mt-2 text-sm font-medium text-rose-600 hover:text-rose-500" data-testid="brand-logo-remove">
              Remove logo
            </button>
          ) : null}
          {fileProblem ? (
            <p role="alert" className="mt-2 text-sm text-rose-600">
              {fileProblem}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            data-testid="brand-save"
            disabled={pending || fileProblem !== null}
            className={primaryButton}
          >
            {pending ? "Saving…" : "Save branding"}
          </button>
          <FormMessage state={state} />
        </div>
        <FormError state={state} />
      </form>

      <div>
        <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Preview</p>
        <div className="overflow-hidden rounded-xl border border-slate-200 shadow-sm" data-testid="brand-preview">
          <div className="flex items-center gap-3 bg-slate-900 px-5 py-5">
            {shownLogo ? (
              <img src={shownLogo} alt="" className="size-8 rounded-md object-contain" data-testid="brand-preview-logo" />
            ) : (
              <BerthLogo className="size-8" />
            )}
            <span className="text-lg font-semibold tracking-tight text-white">{brandName.trim() || "Berth"}</span>
          </div>
          <div className="space-y-2 bg-slate-900 px-5 pb-5">
            {["Dashboard", "Order a server"].map((label) => (
              <div key={label} className="rounded-lg px-3 py-2 text-sm font-medium text-slate-400 first:bg-slate-800 first:text-white">
                {label}
              </div>
            ))}
          </div>
        </div>
        <p className="mt-2 text-xs text-slate-500">Your customers see this in their sidebar and in their browser tab&apos;s title.</p>
      </div>
    </div>
  );
}
