import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { currentUser, requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { brandingFor } from "@/lib/resellers/branding-for";
import { MobileNavLinks, NavLinks } from "../_components/nav-links";
import { SignOutButton } from "../_components/sign-out-button";
import { BerthLogo } from "../_components/ui";

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** The sidebar's logo: the reseller's own for its customers (and itself, as a preview), else Berth's. */
function BrandMark({ logoDataUrl, className, testId }: { logoDataUrl: string | null; className: string; testId?: string }) {
  // A data URL checked by setBranding (PNG, JPEG or script-free SVG); <img> never runs SVG scripts anyway.
  if (logoDataUrl) return <img src={logoDataUrl} alt="" className={`${className} rounded-md object-contain`} data-testid={testId} />;
  return <BerthLogo className={className} />;
}

/** Customers of a branded reseller see its name in the browser tab too. */
export async function generateMetadata(): Promise<Metadata> {
  const user = await currentUser();
  const brandName = user ? (await brandingFor(database(), user.id))?.name : null;
  return brandName ? { title: { default: brandName, template: `%s · ${brandName}` } } : {};
}

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const branding = await brandingFor(database(), user.id);
  const brandName = branding?.name || "Berth";
  const logoDataUrl = branding?.logoDataUrl ?? null;

  return (
    <div className="min-h-screen lg:pl-64">
      <aside className="fixed inset-y-0 left-0 z-20 hidden w-64 flex-col overflow-y-auto bg-slate-900 px-4 py-5 lg:flex">
        <Link href="/" className="mb-7 flex items-center gap-3 px-2">
          <BrandMark logoDataUrl={logoDataUrl} className="size-8" testId="brand-logo-image" />
          <span className="truncate text-lg font-semibold tracking-tight text-white" data-testid="brand-header">
            {brandName}
          </span>
        </Link>
        <NavLinks role={user.role} />
        {user.role === "customer" ? (
          <div className="mt-auto rounded-lg bg-slate-800/60 p-3 text-xs text-slate-400">
            <p className="font-medium text-slate-200">Need a hand?</p>
            <p className="mt-1">New servers are usually ready within a minute of ordering.</p>
          </div>
        ) : null}
      </aside>

      <div className="flex min-h-screen flex-col">
        <header className="sticky top-0 z-10 flex h-16 items-center justify-between gap-4 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-8">
          <div className="flex items-center gap-3 lg:hidden">
            <BrandMark logoDataUrl={logoDataUrl} className="size-7" />
            <span className="font-semibold tracking-tight">{brandName}</span>
            <MobileNavLinks role={user.role} />
          </div>
          <p className="hidden text-sm text-slate-500 lg:block">{user.role === "reseller" ? "Reseller panel" : user.role === "admin" ? "Administrator" : "Customer panel"}</p>
          <div className="flex items-center gap-4">
            <div className="flex items-center gap-3">
              <span className="flex size-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700">
                {initials(user.name, user.email)}
              </span>
              <div className="hidden text-right sm:block">
                <p className="text-sm font-medium leading-tight text-slate-900" data-testid="user-name">
                  {user.name || user.email}
                </p>
                <p className="text-xs leading-tight text-slate-500">
                  {user.email}
                  {user.role !== "customer" ? <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-600">{user.role}</span> : null}
                </p>
              </div>
            </div>
            <SignOutButton />
          </div>
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-8">{children}</main>
      </div>
    </div>
  );
}
