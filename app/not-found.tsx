import Link from "next/link";
import { BerthLogo } from "./_components/ui";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <BerthLogo className="size-10" />
      <p className="mt-6 text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-500">There is nothing here, or it belongs to another account.</p>
      <Link href="/" className="mt-6 rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
        Back to dashboard
      </Link>
    </main>
  );
}
