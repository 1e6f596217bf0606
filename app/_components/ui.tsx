import Link from "next/link";
import type { ReactNode } from "react";

const badgeStyles: Record<string, { badge: string; dot: string }> = {
  running: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500" },
  completed: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500" },
  pending: { badge: "bg-amber-50 text-amber-800 ring-amber-600/20", dot: "bg-amber-500" },
  queued: { badge: "bg-amber-50 text-amber-800 ring-amber-600/20", dot: "bg-amber-500" },
  provisioning: { badge: "bg-sky-50 text-sky-700 ring-sky-600/20", dot: "bg-sky-500 animate-pulse" },
  stopped: { badge: "bg-slate-100 text-slate-700 ring-slate-500/20", dot: "bg-slate-400" },
  suspended: { badge: "bg-orange-50 text-orange-700 ring-orange-600/20", dot: "bg-orange-500" },
  rescue: { badge: "bg-violet-50 text-violet-700 ring-violet-600/20", dot: "bg-violet-500 animate-pulse" },
  failed: { badge: "bg-rose-50 text-rose-700 ring-rose-600/20", dot: "bg-rose-500" },
  terminated: { badge: "bg-slate-100 text-slate-500 ring-slate-400/20", dot: "bg-slate-300" },
  // Mail and webhook deliveries.
  sent: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500" },
  delivered: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500" },
  off: { badge: "bg-amber-50 text-amber-800 ring-amber-600/20", dot: "bg-amber-400" },
};

/** A coloured pill for server, order and job states; the text content is exactly the status. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const style = badgeStyles[status] ?? badgeStyles.stopped;
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${style.dot}`} />
      <span data-testid={testId}>{status}</span>
    </span>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-8 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-3">{actions}</div> : null}
    </div>
  );
}

export function Card({ title, description, actions, children, className = "" }: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white shadow-sm ${className}`}>
      {title ? (
        <header className="flex items-center justify-between gap-4 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
            {description ? <p className="mt-0.5 text-xs text-slate-500">{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      {children}
    </section>
  );
}

/** The padded body of a Card (forms, text). */
export function CardBody({ children }: { children: ReactNode }) {
  return <div className="px-5 py-5">{children}</div>;
}

const pillTones = {
  emerald: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  slate: "bg-slate-100 text-slate-600 ring-slate-400/20",
  orange: "bg-orange-50 text-orange-700 ring-orange-600/20",
  rose: "bg-rose-50 text-rose-700 ring-rose-600/20",
} as const;

/** A small rounded label for a yes/no state (active, revoked, healthy…); the text is the state. */
export function Pill({ tone, children, testId, className = "" }: { tone: keyof typeof pillTones; children: ReactNode; testId?: string; className?: string }) {
  return (
    <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${pillTones[tone]} ${className}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** A one-line note where a list has nothing to show. */
export function EmptyNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="px-5 py-10 text-center text-sm text-slate-500" data-testid={testId}>
      {children}
    </p>
  );
}

export function EmptyState({ title, description, action }: { title: string; description: string; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
        <ServerIcon className="size-6" />
      </div>
      <h3 className="mt-4 text-sm font-semibold text-slate-900">{title}</h3>
      <p className="mt-1 max-w-sm text-sm text-slate-500">{description}</p>
      {action ? <div className="mt-6">{action}</div> : null}
    </div>
  );
}

export function ButtonLink({ href, children, variant = "primary" }: { href: string; children: ReactNode; variant?: "primary" | "secondary" }) {
  const styles =
    variant === "primary"
      ? "bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-indigo-600"
      : "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  return (
    <Link
      href={href}
      className={`inline-flex items-center gap-2 rounded-lg px-3.5 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 ${styles}`}
    >
      {children}
    </Link>
  );
}

/** The 24px stroked frame the outline icons share. */
function OutlineIcon({ className, children }: { className: string; children: ReactNode }) {
  return (
    <svg className={className} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
      {children}
    </svg>
  );
}

export function PlusIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 20 20" fill="currentColor" aria-hidden>
      <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
    </svg>
  );
}

export function ServerIcon({ className = "size-5" }: { className?: string }) {
  return (
    <OutlineIcon className={className}>
      <rect x="3.5" y="4" width="17" height="7" rx="1.5" />
      <rect x="3.5" y="13" width="17" height="7" rx="1.5" />
      <path strokeLinecap="round" d="M7 7.5h.01M7 16.5h.01M11 7.5h6M11 16.5h6" />
    </OutlineIcon>
  );
}

export function HomeIcon({ className = "size-5" }: { className?: string }) {
  return (
    <OutlineIcon className={className}>
      <path strokeLinecap="round" strokeLinejoin="round" d="m3 11 9-7 9 7M5 9.5V20h5v-5h4v5h5V9.5" />
    </OutlineIcon>
  );
}

export function CartIcon({ className = "size-5" }: { className?: string }) {
  return (
    <OutlineIcon className={className}>
      <path strokeLinecap="round" strokeLinejoin="round" d="M3 4h2l2.4 11.2a1.5 1.5 0 0 0 1.5 1.2h8.7a1.5 1.5 0 0 0 1.5-1.1L21 8H6.2" />
      <circle cx="9.5" cy="20" r="1" />
      <circle cx="17.5" cy="20" r="1" />
    </OutlineIcon>
  );
}

export function KeyIcon({ className = "size-5" }: { className?: string }) {
  return (
    <OutlineIcon className={className}>
      <circle cx="8" cy="15" r="4" />
      <path strokeLinecap="round" strokeLinejoin="round" d="m11 12 8.5-8.5M16.5 6.5l2.5 2.5M14 9l2 2" />
    </OutlineIcon>
  );
}

export function WebhookIcon({ className = "size-5" }: { className?: string }) {
  return (
    <OutlineIcon className={className}>
      <path strokeLinecap="round" strokeLinejoin="round" d="M9.5 8.5a3.5 3.5 0 1 1 5.2 3.1L17 16M7 16.5a3.5 3.5 0 1 1 .2-4.6L10 16.5h7.5" />
      <circle cx="18" cy="16.5" r="2.5" />
    </OutlineIcon>
  );
}

export function BerthLogo({ className = "size-8" }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden>
      <rect width="32" height="32" rx="8" className="fill-indigo-600" />
      <path d="M8 19.5c2.7 2.2 5.3 2.2 8 0s5.3-2.2 8 0" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M10 15V9.5h12V15" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A label/value row for detail lists. */
export function Detail({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-1 px-5 py-3.5 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
