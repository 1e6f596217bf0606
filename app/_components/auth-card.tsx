import type { ReactNode } from "react";
import { BerthLogo } from "./ui";

export const authInputClass =
  "mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none";
export const authButtonClass =
  "flex w-full justify-center rounded-lg bg-indigo-600 px-3 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:cursor-wait disabled:opacity-70";

/** The frame of the signed-out pages besides sign-in itself (set a password, forgot it, a login link). */
export function AuthCard({ title, brand, children }: { title: string; brand?: string | null; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-6 py-12">
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <div className="mb-6 flex items-center gap-3">
          <BerthLogo className="size-8" />
          <span className="text-lg font-semibold tracking-tight">{brand || "Berth"}</span>
        </div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <div className="mt-5 space-y-4 text-sm text-slate-600">{children}</div>
      </div>
    </main>
  );
}

export function AuthNotice({ tone, children, testId }: { tone: "error" | "success"; children: ReactNode; testId?: string }) {
  const colours = tone === "error" ? "bg-rose-50 text-rose-700 ring-rose-600/20" : "bg-emerald-50 text-emerald-800 ring-emerald-600/20";
  return (
    <div role={tone === "error" ? "alert" : "status"} data-testid={testId} className={`rounded-lg px-3.5 py-3 ring-1 ring-inset ${colours}`}>
      {children}
    </div>
  );
}
