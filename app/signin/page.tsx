import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { describeSignInError } from "@/lib/auth/sign-in-errors";
import { BerthLogo } from "../_components/ui";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths are followed after sign-in. */
function safeCallback(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/signin")) return "/";
  return path;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  // next-auth sends refusals here as ?error=<code> when the form's script did not handle them.
  // Described here, on the server, so the message renders the same before and after hydration.
  const initialError = typeof params.error === "string" ? describeSignInError(params.error).message : null;

  return (
    <main className="flex min-h-screen">
      <div className="relative hidden w-[44%] flex-col justify-between overflow-hidden bg-slate-900 p-12 text-white lg:flex">
        <div aria-hidden className="absolute -right-32 -top-32 size-96 rounded-full bg-indigo-600/30 blur-3xl" />
        <div aria-hidden className="absolute -bottom-40 -left-20 size-96 rounded-full bg-sky-500/20 blur-3xl" />
        <div className="relative flex items-center gap-3">
          <BerthLogo className="size-9" />
          <span className="text-xl font-semibold tracking-tight">Berth</span>
        </div>
        <div className="relative max-w-md">
          <h2 className="text-3xl font-semibold leading-tight tracking-tight">Your servers, docked and ready.</h2>
          <p className="mt-4 text-slate-300">
            Order a virtual server in seconds, watch it provision live, and find its addresses in one place.
          </p>
          <ul className="mt-8 space-y-3 text-sm text-slate-300">
            {["Isolated containers with guaranteed CPU, memory and disk", "Public IPv4 and IPv6 on every server", "Live provisioning progress"].map((item) => (
              <li key={item} className="flex items-center gap-3">
                <span className="flex size-5 items-center justify-center rounded-full bg-indigo-500/20 text-indigo-300">
                  <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
                    <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-7.5 7.5a1 1 0 0 1-1.4 0L3.3 9.7a1 1 0 1 1 1.4-1.4l3.8 3.8 6.8-6.8a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
                  </svg>
                </span>
                {item}
              </li>
            ))}
          </ul>
        </div>
        <p className="relative text-xs text-slate-500">© Berth hosting</p>
      </div>

      <div className="flex flex-1 items-center justify-center px-6 py-12">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex items-center gap-3 lg:hidden">
            <BerthLogo className="size-9" />
            <span className="text-xl font-semibold tracking-tight">Berth</span>
          </div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to your account</h1>
          <p className="mt-2 text-sm text-slate-500">Manage your servers and orders.</p>
          <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
        </div>
      </div>
    </main>
  );
}
