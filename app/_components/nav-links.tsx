"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CartIcon, HomeIcon, KeyIcon, WebhookIcon } from "./ui";

interface NavLink {
  href: string;
  label: string;
  icon: typeof HomeIcon;
  match: (path: string) => boolean;
}

const cloudLinks: NavLink[] = [
  { href: "/", label: "Dashboard", icon: HomeIcon, match: (path) => path === "/" || path.startsWith("/servers") || path.startsWith("/orders/") },
  { href: "/order", label: "Order a server", icon: CartIcon, match: (path) => path === "/order" },
];

function accountLinks(role: string): NavLink[] {
  const links: NavLink[] = [{ href: "/settings/tokens", label: "API tokens", icon: KeyIcon, match: (path) => path.startsWith("/settings/tokens") }];
  if (role === "reseller") {
    links.push({ href: "/settings/billing", label: "Billing webhook", icon: WebhookIcon, match: (path) => path.startsWith("/settings/billing") });
  }
  return links;
}

function LinkList({ links, pathname }: { links: NavLink[]; pathname: string }) {
  return (
    <div className="flex flex-col gap-1">
      {links.map(({ href, label, icon: Icon, match }) => {
        const active = match(pathname);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
              active ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-800/60 hover:text-white"
            }`}
          >
            <Icon className="size-5 shrink-0" />
            {label}
          </Link>
        );
      })}
    </div>
  );
}

export function NavLinks({ role }: { role: string }) {
  const pathname = usePathname();
  return (
    <nav className="flex flex-col">
      <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wider text-slate-500">Cloud</p>
      <LinkList links={cloudLinks} pathname={pathname} />
      <p className="mb-2 mt-8 px-3 text-xs font-semibold uppercase tracking-wider text-slate-500">Account</p>
      <LinkList links={accountLinks(role)} pathname={pathname} />
    </nav>
  );
}

/** The compact links of the top bar on small screens. */
export function MobileNavLinks({ role }: { role: string }) {
  const links = [...cloudLinks, ...accountLinks(role)];
  return (
    <nav className="ml-4 flex gap-4 text-sm font-medium text-slate-600">
      {links.map(({ href, label }) => (
        <Link key={href} href={href} className="whitespace-nowrap hover:text-slate-900">
          {label === "Order a server" ? "Order" : label === "Billing webhook" ? "Billing" : label === "API tokens" ? "Tokens" : label}
        </Link>
      ))}
    </nav>
  );
}
